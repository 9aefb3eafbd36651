local i = 0
repeat
  i = i + 1
until i >= 3
repeat
  local j = i
  i = i - 1
until j <= 0
repeat
  local k = i
  local f = function() return k end
  i = i + 1
until f() > 3
repeat
  local m = i
  if m > 10 then break end
  local g = function() return m end
  i = i + g()
until i > 20
repeat until true
repeat i = i + 1 until i == 30 or i > 40
