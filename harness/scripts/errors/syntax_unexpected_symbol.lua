local x = 1
local y = x + + 2
print(y)
