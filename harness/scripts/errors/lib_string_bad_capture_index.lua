-- A back-reference to a capture that does not exist.
local function check(s) return s:match("(%a+) %2") end
print(check("hello hello"))
