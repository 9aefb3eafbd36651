local s = 0
for i = 1, 3 do s = s + i end
for i = 3, 1, -1 do s = s + i end
for i = 0, 1, 0.25 do s = s + i end
for i = math.maxinteger - 2, math.maxinteger do s = s + 1 end
for i = 1, 100000000 do break end
for i = -65536, 65536, 65536 do s = s + i end
for i = s, s do end
for i = 1, 3 do
  for j = i, 3 do
    for k = j, 3 do
      s = s + i * j * k
    end
  end
end
for i = 1, 3 do
  local f = function() return i end
  s = s + f()
end
return s
