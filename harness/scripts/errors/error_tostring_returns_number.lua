-- A __tostring result that is not a string is not a message.
error(setmetatable({}, {__tostring = function() return 42 end}))
