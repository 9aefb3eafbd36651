-- Comparison: numbers across subtypes, strings byte-wise, equality by identity.
print(1 < 2, 2 < 1, 1 <= 1, 1 >= 2, 1 > 0, 1 == 1.0, 1 ~= 1.0)
print(-0.0 == 0, -0.0 < 0, 0 / 0 == 0 / 0, 0 / 0 < 1, 0 / 0 >= 1)
print(9007199254740993 < 2 ^ 53, 9007199254740993 > 2 ^ 53, 9007199254740993 == 2 ^ 53)
print(9007199254740992 == 2 ^ 53, 9007199254740992 <= 2 ^ 53, 2 ^ 53 < 9007199254740993)
print(9223372036854775807 < 2 ^ 63, 9223372036854775807 == 2 ^ 63, 2 ^ 63 > 9223372036854775807)
print(-9223372036854775807 - 1 == -2 ^ 63, -9223372036854775807 - 1 < -2 ^ 63)
print(1 < 1.5, 2 > 1.5, 1 <= 0.9999999, 3 == 3.0000000001)
print(1 < 1 / 0, -1 / 0 < -9223372036854775807, 9223372036854775807 < 1 / 0)
print("a" < "b", "abc" < "abd", "" < "a", "Z" < "a", "a" < "B", "abc" < "ab")
print("a\0b" < "a\0c", "a\0" > "a", "10" < "9", "" == "")
print({} == {}, "x" == "x", 1 == "1", true == true, nil == false)
local t = {}
local u = t
print(t == u, t ~= u, print == print, print == tostring)
print(pcall(function() return 1 < "2" end))
print(pcall(function() return {} < {} end))
print(pcall(function() return nil <= 1 end))
print(pcall(function() return true > false end))
print(pcall(function() return "a" >= 1 end))
local nan = 0 / 0
local cnt = 0
for _, v in ipairs({ 1, 2.5, -3, 1 / 0 }) do
  if nan < v or nan > v or nan == v or nan <= v or nan >= v then cnt = cnt + 1 end
end
print("nan comparisons true:", cnt, nan ~= nan)
print(1 == 1, not (1 < 1), not not nil)
