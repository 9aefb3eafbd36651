-- Lua 5.3's math functions that lua5.4 keeps under LUA_COMPAT_MATHLIB (Debian's build and
-- the vendored reference both have them).
local function r(x) return string.format("%.14g", x) end
print(r(math.cosh(1)), r(math.sinh(1)), r(math.tanh(1)), r(math.tanh(-30)), math.cosh(0), math.sinh(0))
print(math.log10(1000), r(math.log10(2)), math.log10(0), math.log10(1))
print(math.pow(2, 10), math.pow(2, 0.5) == math.sqrt(2), math.pow(0, 0), math.pow(3, -1) == 1 / 3)
for _, x in ipairs({8, 1, 0.5, -3, 1e300, 2^-1074, 2^-1030 * 3, 6.5, -0.0, 0}) do
  print("frexp", x, math.frexp(x))
end
print(math.frexp(1 / 0), math.frexp(-1 / 0))
print(math.frexp(0 / 0) ~= math.frexp(0 / 0))
for _, c in ipairs({{0.5, 4}, {1, 1023}, {1, 1024}, {0.75, 1024}, {1, -1074}, {1, -1075},
    {3, -1076}, {1.5, -1074}, {2.5, -1074}, {-1, 2000}, {1, -3000}, {0, 5}, {7, 0}, {3, 2.0}}) do
  print("ldexp", c[1], c[2], math.ldexp(c[1], c[2]))
end
print(math.ldexp(1 / 0, -5), math.ldexp(0.9999999999999999, 1024))
for _, x in ipairs({0.1, 123.456, 2^-1060 * 5, -7.25e-310}) do
  local m, e = math.frexp(x)
  print("roundtrip", math.ldexp(m, e) == x)
end
print(pcall(math.pow, "x", 1))
print(pcall(math.ldexp, 1, 1.5))
print(pcall(math.frexp))
print(pcall(math.cosh, {}))
print(math.pow("2", "3"), math.ldexp("1", "3"))
