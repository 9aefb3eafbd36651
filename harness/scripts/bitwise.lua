-- Bitwise operators on integers and integral floats, shifts past 63.
print(0xF0 & 0x3C, 0xF0 | 0x3C, 0xF0 ~ 0x3C, ~0, ~5)
print(1 << 0, 1 << 1, 1 << 62, 1 << 63, 1 << 64, 1 << -1)
print(256 >> 4, -1 >> 1, -1 >> 63, -1 >> 64, 1 >> -3)
print(-1 << 70, 5 >> 100, 5 << -100)
print(3.0 | 0, 2.0 ^ 1 & 3, 2^62 | 0, -4.0 ~ 1)
print(pcall(function() return "7" & 3 end))
print(0x7fffffffffffffff + 0 | 0, 0xffffffffffffffff)
print(1 | 2 ~ 3 & 4, (1 | 2) ~ (3 & 4))
print(1 << 2 + 1, pcall(function() return 1 << 2 .. "" end))
print(~0 >> 32, ~(~0 >> 32))
local x = 0
for i = 0, 62, 3 do x = x | (1 << i) end
print(x, x & 0xFFFF, x >> 48)
local function popcount(n)
  local c = 0
  while n ~= 0 do n = n & (n - 1); c = c + 1 end
  return c
end
print(popcount(x), popcount(-1), popcount(0), popcount(0x5555))
print(pcall(function() return 1.5 | 0 end))
print(pcall(function() return "1.5" | 0 end))
print(pcall(function() return 2 ^ 63 | 0 end))
print(-9223372036854775807 - 1 >> 1, (-9223372036854775807 - 1) // 2)
print(0xAB ~ 0xFF, ~0xAB & 0xFF)
