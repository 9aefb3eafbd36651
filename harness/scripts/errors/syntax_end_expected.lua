if true then
  print("x")
local y = 2
