local function show(t, n) local o = {} for i = 1, n do o[i] = tostring(t[i]) end print(table.concat(o, " ")) end
local a = {1, 2, 3, 4, 5}
table.move(a, 1, 3, 3)
show(a, 5)
a = {1, 2, 3, 4, 5}
table.move(a, 3, 5, 1)
show(a, 5)
a = {1, 2, 3, 4, 5}
table.move(a, 2, 4, 2)
show(a, 5)
local b = {}
local r = table.move({1, 2, 3}, 1, 3, 2, b)
print(r == b, b[1], b[2], b[3], b[4])
print(table.move({1, 2, 3}, 1, 0, 1) ~= nil)
local c = table.move({1, 2, 3}, 2, 1, 5)
print(#c)
-- negative and zero indices
local d = table.move({[-1] = "m", [0] = "z", "a"}, -1, 1, 10)
print(d[10], d[11], d[12])
-- large offsets
local e = table.move({1, 2}, 1, 2, math.maxinteger - 1)
print(e[math.maxinteger - 1], e[math.maxinteger])
print(pcall(table.move, {1, 2}, 1, 2, math.maxinteger))
print(pcall(table.move, {}, math.mininteger, -1, 1))
print(pcall(table.move, {}, 1, 2))
print(pcall(table.move, {}, 1, 2, 3, 4))
-- destination with a __newindex
local log = {}
local dest = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. v; rawset(t, k, v) end})
table.move({"x", "y", "z"}, 1, 3, 1, dest)
print(table.concat(log, ","))
-- source with an __index
local src = setmetatable({}, {__index = function(t, k) return k * 2 end})
local out = table.move(src, 1, 4, 1, {})
print(out[1], out[2], out[3], out[4])
