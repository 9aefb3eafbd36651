local a, b = "x", "y"
local s = a .. b
s = a .. b .. "z"
s = "p" .. a
s = a .. 1
s = 1 .. 2
s = a .. b .. a .. b .. a
s = (a .. b) .. (a .. b)
s = a .. (b .. a)
s = a .. g .. t.x .. f()
print(a .. b, s .. "!")
return a .. b
