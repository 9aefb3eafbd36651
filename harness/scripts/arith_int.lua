-- Integer arithmetic: results stay integers, wrap around on overflow.
print(1 + 2, 7 - 10, 6 * 7, -(-5))
print(2 ^ 10, 7 / 2, 8 / 4)            -- ^ and / always give floats
print(9223372036854775807 + 1 == -9223372036854775807 - 1)
print(9223372036854775807 + 1)
print(-9223372036854775807 - 2)
print(9223372036854775807 * 2)
print(-(-9223372036854775807 - 1))
print(1000000007 * 1000000009)
print(3037000499 * 3037000499)
print(3037000500 * 3037000500)
local a, b = 123456789, 987654321
print(a * b, a + b, a - b, b - a)
print(0 * -1, -0, 0 - 0)
local x = 0
for i = 1, 100 do x = x + i * i end
print(x)
local f = 1
for i = 1, 20 do f = f * i end
print(f)
for i = 21, 25 do f = f * i end
print(f)                                -- wrapped
print(5 // 2, -5 // 2, 5 % 3, -5 % 3)
print(1 - 9223372036854775807 - 9223372036854775807)
print(type(1 + 2), type(1 + 2.0), type(2 ^ 2), type(4 / 2))
local neg = -9223372036854775807 - 1
print(neg, -neg, neg * -1, neg // -1, neg % -1)
print(7 * -3, -7 * -3, 0x7fffffff * 0x7fffffff)
