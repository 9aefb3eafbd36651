-- Allocation-heavy trees: the binary-trees benchmark (build, check, discard).
N = N or 12
local function bottom_up(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return {bottom_up(depth), bottom_up(depth)}
end
local function check(t)
  if t[1] then return 1 + check(t[1]) + check(t[2]) end
  return 1
end
local mindepth = 4
local maxdepth = N
if mindepth + 2 > maxdepth then maxdepth = mindepth + 2 end
print("stretch", maxdepth + 1, check(bottom_up(maxdepth + 1)))
local long = bottom_up(maxdepth)
for depth = mindepth, maxdepth, 2 do
  local iters = 1 << (maxdepth - depth + mindepth)
  local c = 0
  for _ = 1, iters do c = c + check(bottom_up(depth)) end
  print(iters, depth, c)
end
print("long", maxdepth, check(long))
