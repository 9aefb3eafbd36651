local p = table.pack()
print(p.n, #p)
p = table.pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
p = table.pack("a", "b", "c")
print(p.n, table.concat(p, ""))
print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2))
print(table.unpack({1, 2, 3}, 2, 3))
print(table.unpack({1, 2, 3}, 3, 2))
print(select("#", table.unpack({}, 1, 0)))
print(table.unpack({1, 2, 3}, -1, 1))
print(table.unpack({"a", "b"}, 1, 4))
print(select("#", table.unpack({}, 1, 5)))
print(table.unpack({n = 3, 1, 2}, 1, 3))
local t = {}
for i = 1, 200 do t[i] = i end
print(select("#", table.unpack(t)), (select(200, table.unpack(t))))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...) or 0) end
  return s
end
print(sum(table.unpack(t)))
print(table.unpack({10, 20, 30}, 2.0, "3"))
print(pcall(table.unpack, {}, 1, 1e7))
print(pcall(table.unpack, {}, math.mininteger, math.maxinteger))
print(pcall(table.unpack, {}, 1.5))
print(pcall(table.unpack, nil))
print(table.unpack({1, 2}, math.maxinteger, math.maxinteger))
print(table.unpack({1, 2}, math.mininteger, math.mininteger))
