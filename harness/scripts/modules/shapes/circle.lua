-- "shapes.circle": a submodule that requires its parent package.
local shapes = require("shapes")
local Circle = {}
Circle.__index = Circle
function Circle.new(r) return setmetatable({r = r}, Circle) end
function Circle:area() return 3 * self.r * self.r end
function Circle:describe() return "circle r=" .. self.r end
shapes.register("circle", Circle.new)
return Circle
