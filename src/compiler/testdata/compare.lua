local a, b = ...
local r
r = a == b
r = a ~= b
r = a < b
r = a <= b
r = a > b
r = a >= b
r = a == 1
r = a == 1.0
r = a == 1.5
r = a == "s"
r = a == nil
r = a == true
r = a ~= false
r = 1 == a
r = "s" == a
r = a < 1
r = a <= 1
r = a > 1
r = a >= 1
r = 1 < a
r = 1 <= a
r = 1 > a
r = 1 >= a
r = a < 1.0
r = a < 1000
r = a < 2.5
r = a < "x"
r = a == 1000
r = a == 127
r = a == 128
r = a == -127
r = a == -128
r = a.x == b.y
if a == b then r = 1 end
if a ~= 3 then r = 2 end
if a < b then r = 3 elseif a >= 10 then r = 4 end
if 5 > a then r = 5 end
