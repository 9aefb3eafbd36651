-- How numbers print: integers, floats with "%.14g" plus ".0", specials.
print(0, -0, 1, -1, 123456789, -9223372036854775807 - 1, 9223372036854775807)
print(0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 100.0, 1e14, 1e15, 1e16)
print(123456789012345678)
print(1e100, -1e100, 1.5e300, 1e-5, 1e-4, 0.0001, 0.00001234)
print(2 ^ 53, 2 ^ 63, -2 ^ 63, 2 ^ 64, 2 ^ -1074, 2 ^ -1075)
print(1 / 0, -1 / 0, 1e309, -1e309)
local nan = 0 / 0
print(nan ~= nan, tostring(nan) == tostring(0 / 0))
local zero = 0
print(0 / 0, -(0 / 0), zero / zero, -(zero / zero), nan, -nan)
print(string.format("%.1f %5.1f", nan, -nan), (1 / 0) * 0, -(1 / 0) + (1 / 0))
print(3.14159265358979, 3.141592653589793, 2.718281828459045)
print(1 / 3, 2 / 3, 10 / 3, 1e15 / 3)
print(12345678901234.5, 123456789012345.6, 0.1 + 0.7)
print(100 // 1.0, 7.0 // 2, 1e15 + 0.5, 99999999999999.9)
print(tostring(42), tostring(42.0), tostring(-0.0), tostring(1e15), tostring(1e16))
print(255 // 1, 0x10p-1, 5 // 0.3)
print(2 ^ 24, 2.0 ^ 31, 16777217.0, 4503599627370496.5)
print(-1e-320, 1e-320 * 1e10)
print(9007199254740993, 9007199254740993.0)
print(1e15 .. "", 12.0 .. "", -7.25 .. "")
local s = ""
for i = -5, 5 do s = s .. tostring(i / 4) .. " " end
print(s)
local p = ""
for i = 0, 20, 4 do p = p .. tostring(10.0 ^ i) .. " " end
print(p)
