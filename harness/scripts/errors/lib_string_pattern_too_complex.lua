-- The matcher refuses to recurse past its limit.
local s = string.rep("x", 500)
print(s:find(string.rep("x?", 400)))
