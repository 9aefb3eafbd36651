local function add(a,
                   b)
  return a
    + b
end

local t = {
  1, 2,
  3,
}
local u = {
  x = 1,
  y = 2,
}
local v = add(1,
  2)
local w = add(
  add(1, 2),
  add(3, 4))
local s = "a"
  .. "b"
  .. tostring(w)
if v
  and w then
  print(v,
    w)
end
local big = t[1] *
  t[2] -
  t[3]
print(
  s:upper():lower(), big)
local obj = { f = function(self) return self end }
obj:f():f()
local r = (
  v)
return t, u, r
