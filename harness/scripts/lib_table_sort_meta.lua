-- sort without comparator uses __lt
local V = {}
V.__index = V
V.__lt = function(a, b) return a.v < b.v end
local function new(v) return setmetatable({v = v}, V) end
local t = {}
for i, v in ipairs{5, 3, 9, 1, 7, 2, 8} do t[i] = new(v) end
table.sort(t)
local out = {}
for i, x in ipairs(t) do out[i] = x.v end
print(table.concat(out, " "))
-- sorting a proxy table through __index/__newindex/__len
local store = {9, 4, 6, 1, 3}
local reads, writes = 0, 0
local proxy = setmetatable({}, {
  __index = function(_, k) reads = reads + 1; return store[k] end,
  __newindex = function(_, k, v) writes = writes + 1; store[k] = v end,
  __len = function() return #store end,
})
table.sort(proxy)
print(table.concat(store, " "), reads > 0, writes > 0, rawlen(proxy))
-- comparing incompatible values
print(pcall(table.sort, {1, "x", 2}))
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {1, 2}, 3))
print(pcall(table.sort, {1, 2}, {}))
print(pcall(table.sort, "abc"))
-- __len lying about the size
local short = setmetatable({5, 4, 3, 2, 1}, {__len = function() return 3 end})
table.sort(short)
print(rawget(short, 1), rawget(short, 2), rawget(short, 3), rawget(short, 4), rawget(short, 5))
print(pcall(table.sort, setmetatable({}, {__len = function() return 2^40 end})))
print(pcall(table.sort, setmetatable({}, {__len = function() return "x" end})))
print(pcall(table.sort, setmetatable({}, {__len = function() return 2.5 end})))
