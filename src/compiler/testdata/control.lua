local a, b = ...
if a > b then print(1) end
if a >= 3 then print(2) elseif 3 < a then print(3) else print(4) end
while true do if a then break end end
repeat local x = 1; local f = function() return x end until x > f()
local c = a == 1 and b ~= "x" or nil
local s = a .. b .. "c"
t.x.y = -a + (1 + 2) * 3 // 0 - 1 << b
