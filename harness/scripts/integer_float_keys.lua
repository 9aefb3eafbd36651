-- Table keys: floats with an integer value are the integer key; other floats are distinct.
local t = {}
t[1] = "int"
print(t[1], t[1.0], t[1.5])
t[1.0] = "float-one"
print(t[1], #t)
t[2 ^ 53] = "two53"
print(t[2 ^ 53], t[9007199254740992], t[9007199254740992.0])
t[2.5] = "two.5"
print(t[2.5], t[5 / 2])
t[-0.0] = "negzero"
print(t[0], t[0.0], t[-0.0])
local keys = 0
for _ in pairs(t) do keys = keys + 1 end
print(keys)
-- Strings that look like numbers are different keys.
t["1"] = "string one"
print(t[1], t["1"], t[tonumber("1")])
-- Huge floats and integers as keys.
t[2 ^ 63] = "f63"
t[9223372036854775807] = "maxint"
t[-9223372036854775807 - 1] = "minint"
print(t[2 ^ 63], t[9223372036854775807], t[-2 ^ 63], t[-9223372036854775807 - 1])
-- Inf keys are fine, NaN and nil are not.
t[1 / 0] = "inf"
print(t[1 / 0], t[-1 / 0])
print(pcall(function() t[0 / 0] = 1 end))
print(pcall(function() t[nil] = 1 end))
print(t[0 / 0], t[nil])
-- The array part and float keys: building with floats then reading with integers.
local arr = {}
for i = 1.0, 10.0 do arr[i] = i end
print(#arr, arr[10], arr[5])
-- Keys of every type.
local f = function() end
local tk = {}
local mixed = { [true] = "T", [false] = "F", [f] = "fn", [tk] = "tbl", [3] = "three" }
print(mixed[true], mixed[false], mixed[f], mixed[tk], mixed[3.0], mixed[{}])
-- Float loop index as key.
local sq = {}
for x = 0.5, 2.5, 0.5 do sq[x] = x * x end
print(sq[0.5], sq[1], sq[1.0], sq[2], sq[2.5])
