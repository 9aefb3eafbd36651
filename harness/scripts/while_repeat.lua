-- while and repeat loops: break, nested loops, repeat's until seeing body locals.
local i, s = 0, 0
while i < 10 do i = i + 1; s = s + i end
print(i, s)
local n = 0
while true do
  n = n + 1
  if n >= 5 then break end
end
print(n)
local r = 0
repeat r = r + 1 until r >= 3
print(r)
-- until sees locals declared in the body.
local k = 0
repeat
  local done = k >= 4
  k = k + 1
until done
print(k)
-- repeat runs at least once.
local ran = 0
repeat ran = ran + 1 until true
print(ran)
-- while with a false condition never runs.
while false do print("never") end
while nil do print("never") end
-- Nested loops with break only leaving the inner one.
local pairs_found = 0
local a = 1
while a <= 5 do
  local b = 1
  while true do
    if b > a then break end
    pairs_found = pairs_found + 1
    b = b + 1
  end
  a = a + 1
end
print(pairs_found)
-- repeat with closures capturing the body's local.
local fs = {}
local c = 0
repeat
  c = c + 1
  local v = c
  fs[c] = function() return v end
until v == 3
print(fs[1](), fs[2](), fs[3]())
-- Collatz lengths with while.
local function collatz(x)
  local steps = 0
  while x ~= 1 do
    if x % 2 == 0 then x = x // 2 else x = 3 * x + 1 end
    steps = steps + 1
  end
  return steps
end
local best, bestn = 0, 0
for x = 1, 10000 do
  local st = collatz(x)
  if st > best then best, bestn = st, x end
end
print(collatz(27), best, bestn)
-- Loop conditions evaluate any value for truth.
local vals = { 0, "", {}, false }
local truthy = 0
local idx = 1
while vals[idx] ~= nil do
  if vals[idx] then truthy = truthy + 1 end
  idx = idx + 1
end
print(truthy)
