local a, b = ...
local n = select("#", ...)
local t = {...}
local first = ...
local function f(...)
  local x, y, z = ...
  return select(2, ...)
end
local function g(a, ...)
  local t = {a, ...}
  return ..., a
end
local function h(...)
  return (...)
end
print(...)
print(..., 1)
return ...
