local n = 0
while true do
  n = n + 1
  if n > 10 then break end
end
while n > 0 do
  if n == 5 then
    break
  end
  n = n - 1
end
for i = 1, 10 do
  local captured = i
  local f = function() return captured end
  if i == 3 then break end
end
for k, v in pairs({}) do
  if v then break else n = n + 1 end
end
repeat
  n = n + 1
  if n == 7 then break end
until n > 20
while n do
  if n then break; end
end
while true do
  if n then break end
  n = n + 1
end
while n < 100 do
  do
    local a = n
    local h = function() return a end
    if a > 50 then break end
  end
  n = n + 1
end
