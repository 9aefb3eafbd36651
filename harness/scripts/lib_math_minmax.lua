print(math.max(1), math.min(1))
print(math.max(1, 2, 3), math.min(1, 2, 3))
print(math.max(3, 2, 1), math.min(3, 2, 1))
print(math.max(1, 2.0), math.max(2.0, 1), math.max(2, 2.0), math.max(2.0, 2))
print(math.min(1, 1.0), math.min(1.0, 1), math.min(-0.0, 0), math.min(0, -0.0))
print(math.max(-math.huge, math.mininteger), math.min(math.huge, math.maxinteger))
print(math.max("10", "9"), math.min("10", "9"))
print(math.max(math.maxinteger, 2^63), math.min(math.mininteger, -2^63))
local big = {}
for i = 1, 100 do big[i] = (i * 7) % 101 end
print(math.max(table.unpack(big)), math.min(table.unpack(big)))
print(pcall(math.max))
print(pcall(math.min))
print(pcall(math.max, 1, "x"))
print(pcall(math.min, {}, 1))
local mt = {__lt = function(a, b) return a.v < b.v end}
local a, b = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(math.max(a, b).v, math.min(a, b).v)
