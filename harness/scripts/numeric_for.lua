-- Numeric for: integer and float loops, steps, bounds near the integer limits.
local function run(a, b, c)
  local out, n = {}, 0
  if c then
    for i = a, b, c do n = n + 1; out[n] = i; if n > 20 then break end end
  else
    for i = a, b do n = n + 1; out[n] = i; if n > 20 then break end end
  end
  local s = n .. ":"
  for k = 1, n do s = s .. " " .. tostring(out[k]) end
  print(s)
end
run(1, 5)
run(5, 1)
run(5, 1, -1)
run(1, 10, 3)
run(10, 1, -4)
run(1, 1)
run(1, 0)
run(1.0, 3)
run(1, 3.0)
run(1, 2, 0.5)
run(0.1, 0.5, 0.1)
run(3, 1, -0.5)
run(1, 3.7)
run(-3, -3.5, -1)
run(9223372036854775807 - 2, 9223372036854775807)
run(-9223372036854775807 - 1, -9223372036854775807 - 1 + 2)
run(-9223372036854775807 + 1, -9223372036854775807 - 1, -1)
run(9223372036854775807, 9223372036854775807)
run(9223372036854775807 - 10, 9223372036854775807, 4)
run(0, 9223372036854775807, 4611686018427387904)
run(9223372036854775807, 0, -9223372036854775807)
run(1, 1 / 0, 9223372036854775807)
run(1, -1 / 0)
run(-9223372036854775807 - 1, -1 / 0, -1)
run(1, 2 ^ 62, 2 ^ 61)
run(1, 3, 1.5)
run(3, 9223372036854775807.0, 9223372036854775807)
-- The loop variable is a copy: assigning it does not change the iteration.
local count = 0
for i = 1, 3 do i = i * 10; count = count + i end
print(count)
-- Bounds are evaluated once.
local limit = 3
local iters = 0
for i = 1, limit do limit = 10; iters = iters + 1 end
print(iters)
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for i = 1.0, 10, 0.0 do end end))
print(pcall(function() for i = "1", 2 do end end))
print(pcall(function() for i = 1, "x" do end end))
print(pcall(function() for i = 1, 2, {} do end end))
print(pcall(function() for i = 1, nil do end end))
local t = 0
for i = 10, 1, -1 do t = t * 2 + i end
print(t)
for i = -2, 2 do io_free = i end
print(io_free)
