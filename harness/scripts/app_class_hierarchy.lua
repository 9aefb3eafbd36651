-- A class hierarchy simulation: classes built on metatables with inheritance, super
-- calls, mixins, metamethods (__tostring __eq __lt __le __index __newindex __call
-- __concat __len), and an ecosystem run over several steps.

local function class(name, parent)
  local c = {__name = name, super = parent}
  c.__index = c
  -- Metamethods are looked up raw in the metatable, so subclasses copy them down.
  if parent then
    for _, mm in ipairs({"__tostring", "__eq", "__lt", "__le", "__concat", "__len"}) do
      c[mm] = rawget(parent, mm)
    end
  end
  return setmetatable(c, {
    __index = parent,
    __call = function(cls, ...)
      local obj = setmetatable({}, cls)
      obj:init(...)
      return obj
    end,
    __tostring = function(cls) return "class " .. cls.__name end,
  })
end

local function include(cls, mixin)
  for k, v in pairs(mixin) do
    if cls[k] == nil then cls[k] = v end
  end
  cls.mixins = (cls.mixins or "") .. "+" .. mixin.name
  return cls
end

local function isinstance(obj, cls)
  local c = getmetatable(obj)
  while c do
    if c == cls then return true end
    c = c.super
  end
  return false
end

-- Mixins.
local Named = {name = "Named"}
function Named:label() return self.kind .. "#" .. self.id end
Named.name = "Named"

local Logged = {name = "Logged"}
local journal = {}
function Logged:log(fmt, ...)
  journal[#journal + 1] = string.format("%-10s " .. fmt, self:label(), ...)
end

-- The base class: an entity with energy; comparisons by energy then id.
local Entity = class("Entity")
local next_id = 0
function Entity:init(x, energy)
  next_id = next_id + 1
  rawset(self, "id", next_id)
  self.x, self.energy, self.alive, self.age = x, energy, true, 0
end
Entity.kind = "entity"
function Entity:step(world) self.age = self.age + 1; self.energy = self.energy - 1 end
function Entity:__tostring() return string.format("%s(e=%d,x=%d)", self:label(), self.energy, self.x) end
function Entity.__eq(a, b) return a.energy == b.energy and a.kind == b.kind end
function Entity.__lt(a, b)
  if a.energy ~= b.energy then return a.energy < b.energy end
  return a.id < b.id
end
function Entity.__le(a, b) return not (b < a) end
function Entity.__concat(a, b) return tostring(a) .. "&" .. tostring(b) end
function Entity:__len() return self.energy end
include(Entity, Named)
include(Entity, Logged)

local Plant = class("Plant", Entity)
Plant.kind = "plant"
function Plant:init(x) Entity.init(self, x, 3) end
function Plant:step(world)
  self.energy = self.energy + 2   -- photosynthesis, no super call
  self.age = self.age + 1
  if self.energy >= 9 then
    self.energy = self.energy - 5
    world:spawn(Plant((self.x + self.age) % world.size))
    self:log("seeds at %d", (self.x + self.age) % world.size)
  end
end

local Animal = class("Animal", Entity)
Animal.kind = "animal"
Animal.speed = 1
function Animal:init(x, energy, diet)
  Entity.init(self, x, energy)
  self.diet = diet
end
function Animal:step(world)
  Animal.super.step(self, world)      -- super call
  self.x = (self.x + self.speed) % world.size
  for _, other in ipairs(world:at(self.x)) do
    if other ~= self and other.alive and isinstance(other, self.diet) then
      self.energy = self.energy + other.energy
      other.alive = false
      self:log("eats %s", other:label())
      break
    end
  end
  if self.energy <= 0 then self.alive = false; self:log("starves at age %d", self.age) end
end

local Rabbit = class("Rabbit", Animal)
Rabbit.kind = "rabbit"
function Rabbit:init(x) Animal.init(self, x, 6, Plant) end

local Fox = class("Fox", Animal)
Fox.kind = "fox"
Fox.speed = 3
function Fox:init(x) Animal.init(self, x, 12, Rabbit) end
function Fox:step(world)
  Fox.super.step(self, world)
  if self.alive and self.energy > 20 then
    self.energy = self.energy - 8
    world:spawn(Fox((self.x + 5) % world.size))
    self:log("cubs")
  end
end

-- Guarded fields: __newindex rejects unknown fields on instances of Guarded.
local Guarded = class("Guarded", Rabbit)
Guarded.kind = "guard"
local allowed = {x = true, energy = true, alive = true, age = true, diet = true}
Guarded.__newindex = function(t, k, v)
  if not allowed[k] then error("field '" .. tostring(k) .. "' is not allowed", 2) end
  rawset(t, k, v)
end

-- The world.
local World = class("World")
function World:init(size) self.size, self.things, self.tick = size, {}, 0 end
function World:spawn(e) self.things[#self.things + 1] = e; return e end
function World:at(x)
  local r = {}
  for _, e in ipairs(self.things) do if e.x == x then r[#r + 1] = e end end
  return r
end
function World:step()
  self.tick = self.tick + 1
  local current = table.move(self.things, 1, #self.things, 1, {})
  for _, e in ipairs(current) do if e.alive then e:step(self) end end
  local kept = {}
  for _, e in ipairs(self.things) do if e.alive then kept[#kept + 1] = e end end
  self.things = kept
end
function World:census()
  local counts, kinds = {}, {}
  for _, e in ipairs(self.things) do
    if not counts[e.kind] then kinds[#kinds + 1] = e.kind end
    counts[e.kind] = (counts[e.kind] or 0) + 1
  end
  table.sort(kinds)
  local parts = {}
  for _, k in ipairs(kinds) do parts[#parts + 1] = k .. "=" .. counts[k] end
  return table.concat(parts, " ")
end

print(tostring(Fox), tostring(Fox.super), Fox.super.super == Animal.super)
print(Entity.mixins, Fox.mixins == nil, rawget(Fox, "label") == nil, Fox.label == Named.label)

local w = World(16)
for i = 0, 15, 3 do w:spawn(Plant(i)) end
w:spawn(Rabbit(1)); w:spawn(Rabbit(7)); w:spawn(Rabbit(11))
w:spawn(Fox(4))
local g = w:spawn(Guarded(9))
print(g.kind, isinstance(g, Rabbit), isinstance(g, Fox), g.diet == Plant)
print(pcall(function() g.colour = "grey" end))
g.energy = 7
print(#g, tostring(g))

for step = 1, 12 do
  w:step()
  print(string.format("tick %2d: %s", w.tick, w:census()))
end

table.sort(w.things)
local top = {}
for i = #w.things, math.max(1, #w.things - 3), -1 do top[#top + 1] = tostring(w.things[i]) end
print("strongest: " .. table.concat(top, ", "))
local a, b = w.things[1], w.things[2]
print(a == b, a < b, a <= b, b <= a, rawequal(a, b), #a)
print(Plant(0) == Plant(1), Plant(0) == Rabbit(0), (Plant(2) .. Plant(3)):gsub("#%d+", "#?"))

for i, line in ipairs(journal) do
  if i <= 25 then print(line) end
end
print("journal entries", #journal)
