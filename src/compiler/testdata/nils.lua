local a
local b
local c, d
local e = nil
local f, g = nil, nil
local h, i, j = 1
a = nil
b = nil
a, b = nil
print(a)
local k
if a then
  local l
end
local m, n
local o = nil
return a, b, c, d, e, f, g, h, i, j, k, m, n, o
