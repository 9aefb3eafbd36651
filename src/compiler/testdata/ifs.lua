local a, b = ...
if a then print(1) end
if a then print(1) else print(2) end
if a then
  print(1)
elseif b then
  print(2)
elseif a == b then
  print(3)
else
  print(4)
end
if a then
  if b then
    print(5)
  end
else
  if b then print(6) else print(7) end
end
if not a then print(8) end
if a == nil then print(9) end
if a ~= nil then print(10) end
if #a > 0 then print(11) end
if a then else print(12) end
if a then return 1 end
if a then return elseif b then return 2 end
local x
if a then x = 1 else x = 2 end
return x
