local s = 0
for i = 1, 10 do s = s + i end
for i = 10, 1, -1 do s = s + i end
for i = 1, 2, 0.5 do s = s + i end
for i = 1.0, 3 do s = s + i end
for i = s, s * 2, s // 3 do
  s = s - 1
end
for k, v in pairs({}) do
  s = s + v
end
for k in next, {} do s = s + 1 end
for a, b, c, d, e in f() do s = a + b + c + d + e end
while s > 0 do
  s = s - 1
end
repeat
  s = s + 1
until s >= 10
repeat local t = s until t
while true do
  s = s + 1
  if s > 100 then break end
end
for i = 1, 3 do
  for j = 1, 3 do
    if i == j then break end
    s = s + i * j
  end
end
while false do s = 1 end
repeat s = s - 1 until false
return s
