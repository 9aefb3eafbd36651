-- Each loop iteration gets a fresh local, so closures capture distinct variables.
local fs = {}
for i = 1, 5 do fs[i] = function() return i end end
print(fs[1](), fs[3](), fs[5]())

local gs = {}
for i = 1, 3 do
  local j = i * 10
  gs[i] = function() j = j + 1; return j end
end
print(gs[1](), gs[1](), gs[2](), gs[3]())

local hs = {}
for k, v in ipairs({ "a", "b", "c" }) do hs[k] = function() return k .. v end end
print(hs[1](), hs[2](), hs[3]())

local ws = {}
local n = 0
while n < 3 do
  n = n + 1
  local m = n
  ws[n] = function() return m end
end
print(ws[1](), ws[2](), ws[3]())

local rs = {}
local c = 0
repeat
  c = c + 1
  local d = c * c
  rs[c] = function() return d end
until d >= 9
print(rs[1](), rs[2](), rs[3]())

-- A closure modifying the control copy does not affect the loop.
local seen = {}
for i = 1, 3 do
  local f = function() i = i * 100; return i end
  seen[#seen + 1] = f()
  seen[#seen + 1] = i
end
print(seen[1], seen[2], seen[3], seen[4], seen[5], seen[6])

-- break keeps captured values intact.
local bs = {}
for i = 1, 10 do
  bs[#bs + 1] = function() return i end
  if i == 4 then break end
end
print(#bs, bs[4](), bs[2]())

-- Nested loops capture both indices.
local grid = {}
for a = 1, 2 do
  for b = 1, 2 do grid[#grid + 1] = function() return a * 10 + b end end
end
print(grid[1](), grid[2](), grid[3](), grid[4]())
