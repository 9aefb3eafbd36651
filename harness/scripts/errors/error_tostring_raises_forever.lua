-- A __tostring that always raises another such object: the handler overflows the C stack.
local mt = {} mt.__tostring = function(self) error(setmetatable({}, mt)) end
error(setmetatable({}, mt))
