-- H1 closure creation: four closures per iteration, each capturing the loop variable.
local n = N
local f
for i = 1, n do
  f = function() return i end
  f = function() return i end
  f = function() return i end
  f = function() return i end
end
if f == nil then print(f) end
