-- Fisher-Yates with a seeded generator: the permutation is lua5.4's
local function shuffle(t)
  for i = #t, 2, -1 do
    local j = math.random(i)
    t[i], t[j] = t[j], t[i]
  end
  return t
end
for _, seed in ipairs{1, 2, 3, 1000} do
  math.randomseed(seed)
  local t = {}
  for i = 1, 20 do t[i] = i end
  print(seed, table.concat(shuffle(t), " "))
end
-- dice histogram over a fixed stream
math.randomseed(77)
local h = {0, 0, 0, 0, 0, 0}
for i = 1, 600 do local d = math.random(6); h[d] = h[d] + 1 end
print(table.concat(h, " "))
-- random floats scaled to ranges
math.randomseed(31337)
local xs = {}
for i = 1, 5 do xs[i] = string.format("%.12f", math.random() * 100 - 50) end
print(table.concat(xs, " "))
-- random(m, n) on wide ranges that are powers of two and not
math.randomseed(8)
print(math.random(0, 255), math.random(0, 256), math.random(-128, 127), math.random(0, (1 << 32) - 1), math.random(0, 1 << 32))
