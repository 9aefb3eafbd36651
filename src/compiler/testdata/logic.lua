local a, b, c = ...
local r
r = a and b
r = a or b
r = not a
r = a and b or c
r = a or b and c
r = (a or b) and c
r = not (a and b)
r = not not a
r = a and 1 or 2
r = a == 1 and b == 2
r = a == 1 or b == 2
r = not (a == 1)
r = a and nil
r = nil and a
r = false or a
r = true and a
r = a or true
r = 1 and a
if a and b then r = 1 end
if a or b then r = 2 end
if not a then r = 3 end
if a and not b or c then r = 4 end
if nil then r = 5 end
if true then r = 6 end
if a == nil and (b or c) then r = 7 end
while a and b do a = a - 1 end
local t = {a and b, a or b}
g = a or {}
return a and b or c
