-- insert/remove/concat/unpack honour __index, __newindex and __len
local log = {}
local backing = {}
local p = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get" .. k; return backing[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "set" .. k; backing[k] = v end,
  __len = function() log[#log + 1] = "len"; return #backing end,
})
table.insert(p, "a")
table.insert(p, "b")
table.insert(p, 1, "c")
print(table.concat(log, " "))
log = {}
print(table.concat(p, ","))
print(table.concat(log, " "))
log = {}
print(table.remove(p, 1), table.remove(p))
print(table.concat(log, " "))
log = {}
print(table.unpack(p))
print(table.concat(log, " "))
-- __len returning a float with an integer value and a numeric string
local f = setmetatable({}, {__len = function() return 2.0 end, __index = function(_, k) return k end})
print(table.concat(f, "+"))
local s = setmetatable({}, {__len = function() return "3" end, __index = function(_, k) return k end})
print(table.unpack(s))
-- a userdata-like non-table is rejected
print(pcall(table.insert, "str", 1))
print(pcall(table.insert, nil, 1))
print(pcall(table.remove, 42))
print(pcall(table.concat, setmetatable({}, {__len = function() return 1 end}), ","))
print(pcall(table.insert, setmetatable({}, {__len = function() return nil end}), 1))
-- raw tables with holes: only the border matters
local h = {1, 2, 3}
h[5] = 5
table.insert(h, 4, "x")
print(h[4], h[5])
