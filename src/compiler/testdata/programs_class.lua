local Animal = {}
Animal.__index = Animal

function Animal.new(name, sound)
  return setmetatable({name = name, sound = sound}, Animal)
end

function Animal:speak()
  return self.name .. " says " .. self.sound
end

local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog

function Dog.new(name)
  local d = Animal.new(name, "woof")
  return setmetatable(d, Dog)
end

function Dog:fetch(item)
  return string.format("%s fetches the %s", self.name, item or "ball")
end

local d = Dog.new("Rex")
print(d:speak())
print(d:fetch())
print(d:fetch("stick"))
