-- A package: shapes/init.lua is found for "shapes" through the "?/init.lua" template.
local shapes = {name = ..., kinds = {}}
function shapes.register(kind, ctor)
  shapes.kinds[#shapes.kinds + 1] = kind
  shapes[kind] = ctor
end
return shapes
