-- A library function that calls a value which cannot be called (here a `__len` that is
-- a number) fails like any error: the nearest `pcall` outside it catches it once, and the
-- program goes on. The error used to be caught inside the library call, which then went
-- on with a bogus result and failed again after the chunk had ended.
local t = setmetatable({}, {__len = 0})
print(pcall(table.insert, t, 0))
print(pcall(table.remove, t))
print(pcall(table.concat, t))
print(pcall(table.unpack, t))
print(pcall(function() return table.insert(t, 0) end))
local cmp = setmetatable({}, {__index = function() return 1 end})
print(pcall(table.sort, {3, 2, 1}, 5))
print(pcall(string.gsub, "abc", "%w", setmetatable({}, {__index = 7})))
print(pcall(string.gsub, "abc", "%w", cmp))
local ok, e = pcall(function()
  local inner = setmetatable({}, {__len = true})
  return #inner
end)
print(ok, e)
local n = setmetatable({}, {__tostring = 0})
print(pcall(tostring, n))
print(pcall(function() return tostring(n) end))
print(pcall(print, n))
print("still running")
