-- H1 upvalue access: five upvalue reads and five upvalue writes per iteration.
local u, w = 1, 2
local function kernel(n)
  local v
  for i = 1, n do
    v = u; w = v; v = w; u = v; v = u
    w = v; v = w; u = v; v = u; w = v
  end
  return v
end
if kernel(N) == nil then print(u, w) end
