-- goto: the continue idiom, leaving nested loops, backward jumps, label scoping.
for i = 1, 6 do
  if i % 2 == 0 then goto continue end
  print("odd", i)
  ::continue::
end

for i = 1, 3 do
  for j = 1, 3 do
    if i * j == 4 then goto out end
    print(i, j)
  end
end
::out::
print("left nested loops")

local n = 0
::top::
n = n + 1
if n < 5 then goto top end
print("counted to", n)

-- A closure made in a goto-driven loop captures a fresh local each time.
local fs = {}
do
  local i = 1
  ::again::
  local j = i
  fs[i] = function() return j end
  i = i + 1
  if i <= 3 then goto again end
end
print(fs[1](), fs[2](), fs[3]())

-- A label at the end of a block is visible to a goto that skips a local declaration.
do
  goto skip
  local unused = 1
  print("never", unused)
  ::skip::
end
print("skipped")

-- The same label name in sibling blocks, and a label reached from a nested loop.
for k = 1, 2 do
  do goto l end
  do ::l:: end
  ::l::
  while true do
    goto done
  end
  ::done::
  print("iteration", k)
end

-- goto in a while loop as continue, with a repeat-until inside.
local i = 0
local out = {}
while i < 10 do
  i = i + 1
  if i % 3 ~= 0 then goto cont end
  repeat
    out[#out + 1] = i
  until true
  ::cont::
end
print(#out, out[1], out[2], out[3])

-- Jumping backward out of a nested block into the enclosing loop body.
local tries = 0
do
  ::retry::
  tries = tries + 1
  do
    if tries < 3 then goto retry end
  end
end
print("tries", tries)
