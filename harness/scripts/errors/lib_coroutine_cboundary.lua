-- Yielding inside __tostring, called by tostring (a library function): the error is
-- raised inside the coroutine and re-raised by wrap with a position.
local obj = setmetatable({}, {__tostring = function() coroutine.yield("no") return "x" end})
local w = coroutine.wrap(function() return tostring(obj) end)
w()
