-- the same seeds give lua5.4's sequences
for _, seed in ipairs{42, 0, 1, -1, 7, 123456789, math.maxinteger, math.mininteger} do
  math.randomseed(seed)
  local ints = {}
  for i = 1, 6 do ints[i] = math.random(1, 100) end
  print(seed, table.concat(ints, " "), math.random(0))
end
print(math.randomseed(42))
print(math.randomseed(42, 17))
print(math.randomseed(-5, -6))
math.randomseed(42)
print(math.random(1, 100), math.random())
math.randomseed(42, 0)
print(math.random(1, 100), math.random())
math.randomseed(42, 1)
print(math.random(1, 100), math.random())
math.randomseed(4.0)
print(math.random(1000))
math.randomseed("9")
print(math.random(1000))
print(pcall(math.randomseed, 1.5))
print(pcall(math.randomseed, "x"))
print(pcall(math.randomseed, 1, 2.5))
