math.randomseed(99)
for i = 1, 8 do print(math.random()) end
math.randomseed(1234, 5678)
local s = 0
for i = 1, 1000 do
  local x = math.random()
  assert(x >= 0 and x < 1 and math.type(x) == "float")
  s = s + x
end
print(string.format("%.6f", s))
print(math.random(), math.random(0), math.random(100))
-- interleaving integer and float draws consumes one value each
math.randomseed(5)
local a = {math.random(), math.random(6), math.random(), math.random(1, 6)}
math.randomseed(5)
local b = {math.random(), math.random(6), math.random(), math.random(1, 6)}
print(a[1] == b[1], a[2] == b[2], a[3] == b[3], a[4] == b[4])
print(a[1], a[2], a[3], a[4])
