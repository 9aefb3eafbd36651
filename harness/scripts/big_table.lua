-- Big tables: array growth, hash growth, deletions, mixed keys, reinsertion.
local t = {}
for i = 1, 100000 do t[i] = i end
print(#t, t[1], t[50000], t[100000])
local s = 0
for i = 1, #t do s = s + t[i] end
print(s)
for i = 100000, 50001, -1 do t[i] = nil end
print(#t)
local h = {}
for i = 1, 20000 do h["key" .. i] = i end
local count, sum = 0, 0
for k, v in pairs(h) do count = count + 1; sum = sum + v end
print(count, sum)
for i = 1, 20000, 2 do h["key" .. i] = nil end
count = 0
for _ in pairs(h) do count = count + 1 end
print(count, h.key2, h.key3)
for i = 1, 20000, 2 do h["key" .. i] = -i end
count = 0
for _ in pairs(h) do count = count + 1 end
print(count, h.key3)
-- Reverse filling ends up as a proper sequence.
local r = {}
for i = 1000, 1, -1 do r[i] = i end
print(#r, r[1], r[1000])
-- Mixed integer, float, string and boolean keys.
local m = {}
for i = 1, 1000 do m[i] = i; m[i + 0.5] = -i; m["s" .. i] = i * 2 end
m[true] = "t"
local ints, floats, strs, other = 0, 0, 0, 0
for k in pairs(m) do
  if type(k) == "number" then
    if k % 1 == 0 then ints = ints + 1 else floats = floats + 1 end
  elseif type(k) == "string" then strs = strs + 1 else other = other + 1 end
end
print(ints, floats, strs, other, m[500], m[500.5], m.s500)
-- Negative and zero indices live outside the sequence.
local z = { [0] = "zero", [-1] = "neg" }
for i = 1, 10 do z[i] = i end
print(#z, z[0], z[-1])
-- Sparse keys far apart.
local sp = {}
for i = 0, 62 do sp[1 << i] = i end
local n = 0
for _ in pairs(sp) do n = n + 1 end
print(n, sp[1], sp[1 << 62], sp[1 << 31])
