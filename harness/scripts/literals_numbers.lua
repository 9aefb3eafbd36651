-- Numeric literals: decimal, hex, exponents, hex floats, integer overflow to float.
print(0, 00, 123, 1e2, 1E2, 1e+2, 1e-2, .5, 5., 3.14159)
print(0x0, 0xff, 0XFF, 0xA, 0xa, 0x7fffffffffffffff, 0xffffffffffffffff, 0x10000000000000000)
print(0x1p4, 0x1P-1, 0x.8, 0xA.8p0, 0x1.8p1, 0x.1p4)
print(9223372036854775807, 9223372036854775808, -9223372036854775808)
print(18446744073709551616, 1e308, 1e309, 2e-308, 5e-324, 1e-400)
print(3 == 3.0, 0x10 == 16, 1e1 == 10)
print(type(3), type(3.0), type(0x10), type(1e1), type(9223372036854775808))
print(100000000000000, 1000000000000000000000, 0.000001, 123.456e2)
print(0xDEADBEEF, 0xdeadbeefcafe, 0x123456789abcdef0)
print(1 // 1, 3.0, -3.0, 1e100)
local big = 0x8000000000000000
print(big, big == -9223372036854775807 - 1)
