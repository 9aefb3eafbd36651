-- A method call whose name is on the line after its ':' is attributed to the name's
-- line, as lua5.4 does: it emits the method lookup once it has read the name.
local t = {}
print(pcall(function()
  return t.x:
  m()
end))
print(pcall(function()
  local u
  return u
  :m()
end))
print(pcall(function()
  local f = function() end
  f():
  m()
end))
local obj = {v = 3}
function obj:get() return self.v end
print(obj:
get())
