-- xpcall with debug.traceback: the handler runs where the error is raised, even below
-- a native that called back into Lua (sort's comparator, an __index function).
print(xpcall(function() table.sort({3,2,1}, function(a, b) error("cmp") end) end, debug.traceback))
print(xpcall(function() local t = setmetatable({}, {__index = function() error("idx") end}); return t.x end, debug.traceback))
print(select(2, xpcall(function() return ("x"):rep(2, {}) end, debug.traceback)))
