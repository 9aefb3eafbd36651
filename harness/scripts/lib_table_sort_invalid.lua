-- inconsistent comparators: whether the sort detects them matches lua5.4
for _, n in ipairs{3, 5, 10, 50, 99, 150, 300} do
  for _, kind in ipairs{"eq", "mixed", "asc"} do
    local t = {}
    for i = 1, n do t[i] = kind == "eq" and 1 or kind == "asc" and i or (i * 7919) % 13 end
    local ok, e = pcall(table.sort, t, function(a, b) return a <= b end)
    local ok2 = pcall(table.sort, {table.unpack(t)}, function(a, b) return true end)
    print(n, kind, ok, ok2)
  end
end
