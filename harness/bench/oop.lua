-- Method calls through metatables: a class hierarchy with __index chains and overrides.
N = N or 200000
local Shape = {}
Shape.__index = Shape
function Shape.new(x, y) return setmetatable({x = x, y = y}, Shape) end
function Shape:move(dx, dy) self.x = self.x + dx; self.y = self.y + dy end
function Shape:area() return 0 end
function Shape:weight() return self:area() + 1 end

local Rect = setmetatable({}, {__index = Shape})
Rect.__index = Rect
function Rect.new(x, y, w, h)
  local r = Shape.new(x, y); r.w = w; r.h = h
  return setmetatable(r, Rect)
end
function Rect:area() return self.w * self.h end

local Square = setmetatable({}, {__index = Rect})
Square.__index = Square
function Square.new(x, y, s) local q = Rect.new(x, y, s, s); return setmetatable(q, Square) end
function Square:area() return self.w * self.w end

local shapes = {}
for i = 1, 30 do
  local k = i % 3
  if k == 0 then shapes[i] = Shape.new(i, -i)
  elseif k == 1 then shapes[i] = Rect.new(i, i, i % 7 + 1, i % 5 + 1)
  else shapes[i] = Square.new(-i, i, i % 4 + 1) end
end
local total = 0
for i = 1, N do
  local s = shapes[i % 30 + 1]
  s:move(1, -1)
  total = total + s:weight()
end
local px = 0
for i = 1, 30 do px = px + shapes[i].x - shapes[i].y end
print(total, px)
