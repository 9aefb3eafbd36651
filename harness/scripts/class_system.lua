-- A small class system: constructors, inheritance, super calls, class-level fields, isinstance.
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  c.super = parent
  c.new = function(...)
    local o = setmetatable({}, c)
    if o.init then o:init(...) end
    return o
  end
  c.is = function(o, k)
    local m = getmetatable(o)
    while m do
      if m == k then return true end
      m = m.super
    end
    return false
  end
  return c
end

local Animal = class()
Animal.count = 0
function Animal:init(name, sound) self.name = name; self.sound = sound; Animal.count = Animal.count + 1 end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end
Animal.__tostring = function(self) return "<" .. self:kind() .. " " .. self.name .. ">" end

local Dog = class(Animal)
function Dog:init(name, tricks) Animal.init(self, name, "woof"); self.tricks = tricks or {} end
function Dog:kind() return "dog" end
function Dog:learn(t) self.tricks[#self.tricks + 1] = t; return self end
Dog.__tostring = Animal.__tostring

local Puppy = class(Dog)
function Puppy:speak() return Dog.speak(self) .. " (softly)" end
function Puppy:kind() return "puppy" end
Puppy.__tostring = Animal.__tostring

local a = Animal.new("cat", "meow")
local d = Dog.new("rex")
local p = Puppy.new("bit")
print(a:speak(), d:speak(), p:speak())
print(tostring(a), tostring(d), tostring(p))
d:learn("sit"):learn("roll")
print(#d.tricks, d.tricks[2], #p.tricks)
print(Animal.count, d.count, rawget(d, "count"))
print(a:is(Animal), d:is(Animal), p:is(Dog), a:is(Dog), d:is(Puppy))
print(Puppy.super == Dog, Dog.super == Animal, Animal.super)

-- Overriding an instance method on one object only.
function d:speak() return "custom " .. self.name end
print(d:speak(), Dog.new("other"):speak())

-- A class with arithmetic and comparison metamethods.
local Money = class()
function Money:init(c) self.cents = c end
Money.__add = function(x, y) return Money.new(x.cents + y.cents) end
Money.__eq = function(x, y) return x.cents == y.cents end
Money.__lt = function(x, y) return x.cents < y.cents end
Money.__le = function(x, y) return x.cents <= y.cents end
Money.__tostring = function(x) return string.format("$%d.%02d", x.cents // 100, x.cents % 100) end
local m1, m2 = Money.new(150), Money.new(275)
print(tostring(m1 + m2), m1 == Money.new(150), m1 < m2, m2 <= m1, tostring(m1 + m1 + m1))
