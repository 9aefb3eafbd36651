x = 1
print(x)
local _ENV = {print = print}
y = 2
print(y)
local function f()
  z = 3
  return z
end
local function g(_ENV)
  w = 4
  return w
end
do
  local _ENV <const> = {}
  q = 1
end
return f, g
