for i = 1, 3 do
  if i == 2 then goto continue end
  print(i)
  ::continue::
end
local i = 1
::top::
i = i + 1
if i < 3 then goto top end
do
  goto done
  print("skipped")
  ::done::
end
while true do
  local x = i
  local f = function() return x end
  if x > 5 then goto out end
  i = i + 1
end
::out::
do
  local y = 1
  local g = function() return y end
  ::again::
  y = y + 1
  if y < 3 then goto again end
end
repeat
  local z = i
  if z then goto cont end
  i = i - 1
  ::cont::
until i < 0
goto last
::last::
