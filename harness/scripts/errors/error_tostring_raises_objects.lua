-- Each __tostring raises the next error object; the last gives a string.
local mt = {}
mt.__tostring = function(self) if self.depth > 0 then error(setmetatable({depth = self.depth - 1}, mt)) end return "bottom" end
error(setmetatable({depth = 3}, mt))
