-- A `__name` with an embedded NUL: lua5.4 formats it as a C string, so messages show it
-- only up to the NUL.
local named = setmetatable({}, {__name = "My\1\0\0\0"})
print(pcall(function() return named + 1 end))
print(pcall(function() return #named < 1 end))
print(pcall(string.rep, named))
print(pcall(function() return ("x"):rep(named) end))
local cut = setmetatable({}, {__name = "\0hidden"})
print(pcall(function() return cut.x.y end))
print(pcall(function() return -cut end))
