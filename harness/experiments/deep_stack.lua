-- H3 stack memory: a recursion N frames deep, each frame with four live locals, that
-- reports the register file at its deepest point through the host's `probe` function.
local function down(d, a, b)
  local c = a + b
  if d == 0 then return probe and probe() or 0 end
  return down(d - 1, b, c) + 0
end
print(down(N, 1, 1))
