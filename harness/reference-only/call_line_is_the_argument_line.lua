-- A call whose arguments start on a later line than the called expression. Lua 5.4.6 and
-- later (the vendored reference is 5.4.9) put the call on the line of the token that opens
-- the arguments; Debian's lua5.4 (5.4.4) put it on the line where the called expression
-- starts. We follow the vendored reference. (Found by the differential fuzz target.)
local x = nil
print(pcall(function()
x
(1)
end))
print(pcall(function() x
"s" end))
local t = {}
print(pcall(function() t
:m
(1) end))
print(pcall(function() return x
{1} end))
print(pcall(function() x(
1) end))
print(pcall(function() return t.a.b
(t) end))
-- An unclosed argument list names the line of its `(`.
print(load("f\n(1\n"))
print(load("o:m\n\n(1, 2"))
