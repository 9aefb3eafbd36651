local shapes = require("shapes")
local Rect = {}
Rect.__index = Rect
function Rect.new(w, h) return setmetatable({w = w, h = h}, Rect) end
function Rect:area() return self.w * self.h end
function Rect:describe() return "rect " .. self.w .. "x" .. self.h end
shapes.register("rect", Rect.new)
return Rect
