local t = { 1, 2, 3 }
for i = 1, #t + 1 do
  print(t[i] * 2)
end
