local t = {1, 2, 3}
for i, v in ipairs(t) do print(i, v) end
for k, v in pairs(t) do print(k, v) end
for k in pairs(t) do print(k) end
for a, b, c in next, t do print(a, b, c) end
for a in f, s, c, d, e do print(a) end
local function iter(s, c)
  if c < s then return c + 1 end
end
for i in iter, 3, 0 do
  for j in iter, i, 0 do
    print(i, j)
  end
end
for k, v in pairs(t) do
  local function cap() return k, v end
  print(cap())
end
for _ in ... do end
