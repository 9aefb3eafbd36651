math.randomseed(2024)
local function line(...) print(...) end
line(math.random(10), math.random(10), math.random(10), math.random(10))
line(math.random(1, 2), math.random(1, 2), math.random(1, 2), math.random(1, 2))
line(math.random(-10, 10), math.random(-10, 10), math.random(-10, 10))
line(math.random(0, 1), math.random(5, 5), math.random(-3, -3))
line(math.random(1, 3), math.random(1, 7), math.random(1, 8), math.random(1, 1000000))
line(math.random(math.mininteger, math.maxinteger), math.random(math.mininteger, -1))
line(math.random(0, math.maxinteger), math.random(1, math.maxinteger))
line(math.random(math.mininteger, 0), math.random(math.mininteger + 1, math.maxinteger))
line(math.random(1000000007), math.random(3, 1 << 40), math.random(-(1 << 50), 1 << 50))
-- bounds hold over many draws
local lo, hi, ok = math.huge, -math.huge, true
for i = 1, 5000 do
  local x = math.random(-3, 7)
  if x < lo then lo = x end
  if x > hi then hi = x end
  if math.type(x) ~= "integer" then ok = false end
end
print(lo, hi, ok)
local counts = {0, 0, 0}
for i = 1, 3000 do local k = math.random(3); counts[k] = counts[k] + 1 end
print(counts[1] + counts[2] + counts[3], counts[1] > 800, counts[2] > 800, counts[3] > 800)
print(pcall(math.random, 2, 1))
print(pcall(math.random, 0, -1))
print(pcall(math.random, 1, 2, 3))
print(pcall(math.random, 1.5))
print(pcall(math.random, "a", 2))
print(pcall(math.random, math.maxinteger, math.mininteger))
print(math.random(3.0), math.random("4"))
