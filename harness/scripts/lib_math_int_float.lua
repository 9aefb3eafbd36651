-- integer/float results of the math functions
local vals = {0, -0.0, 1, -1, 2.5, -2.5, 1e15, 2^53, -2^53, 2^63, -2^63, math.maxinteger, math.mininteger, 1/0, -1/0}
for _, v in ipairs(vals) do
  print(v, math.floor(v), math.ceil(v), math.abs(v), math.tointeger(v), math.type(math.floor(v)))
end
print(math.floor(-3.5) // 1, math.ceil(-3.5) % 2)
print(math.abs(math.mininteger) == math.mininteger, math.abs(-0.0))
print(math.max(0, -0.0), math.min(0.0, -0), 3 == 3.0, math.type(3) == math.type(3.0))
print(math.fmod(10, 3.0), math.fmod(-10, 3), math.fmod(10.5, -3))
print(math.ult(math.maxinteger, math.maxinteger + 1), math.maxinteger < math.maxinteger + 0.0)
print(math.sqrt(4) == 2, math.type(math.sqrt(4)), math.exp(0) == 1)
print(7 // 2, 7.0 // 2, 7 % -3, -7 % 3, 7.5 % 2, -7.5 % 2, 2^-1, 10 / 4)
