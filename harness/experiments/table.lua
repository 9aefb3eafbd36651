-- H1 table access: five reads and five writes per iteration, integer and string keys.
local n = N
local t = {1, 2, 3, x = 4, y = 5}
local v
for i = 1, n do
  v = t[1]; t[2] = v; v = t.x; t.y = v; v = t[3]
  t[1] = v; v = t.y; t.x = v; v = t[2]; t[3] = v
end
if v == nil then print(t) end
