-- A comparison used as the key of a table held in an upvalue. Debian's lua5.4 (5.4.4)
-- loses the table's register (its code loads the table on a path the comparison's jump
-- skips), so the index fails; Lua 5.4.9 (the vendored reference) and luatb materialise
-- the comparison first.
local t = {[true] = "T", [false] = "F"}
local function f(k, x, y)
  return t[(k ~= false)], t[not (x < y)], t[(x == y) or (k ~= nil)], t[(x > y) and true]
end
print(f(1, 2, 3))
print(f(false, 3, 2))
