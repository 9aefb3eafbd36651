-- Floor division and modulo: signs, integers vs floats, infinities.
local vals = { 7, -7, 3, -3, 1, -1, 10, -10 }
for i = 1, #vals do
  for j = 1, #vals do
    local a, b = vals[i], vals[j]
    print(a, b, a // b, a % b, a // (b + 0.0), a % (b + 0.0))
  end
end
print(0 // 5, 0 % 5, -0.0 // 5, 0.0 % -5)
print(5.25 // 0.5, 5.25 % 0.5, -5.25 % 0.5, 5.25 % -0.5)
print(3 % (1 / 0), -3 % (1 / 0), 3 % (-1 / 0), -3 % (-1 / 0))
print(3 // (1 / 0), -3 // (1 / 0))
print(1 // 0.0, -1 // 0.0, 1 % 0.0 ~= 1 % 0.0)
print(9223372036854775807 // -1, (-9223372036854775807 - 1) // -1)
print((-9223372036854775807 - 1) % -1, 9223372036854775807 % 2)
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
local ok, e = pcall(function() local z = 0; return 5 // z end)
print(ok, e)
