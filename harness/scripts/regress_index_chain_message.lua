-- lua5.4 (5.4.4 and 5.4.9): "'__index' chain too long; possible loop".
-- luatb says "possibly a loop". Move to harness/scripts/ once the VM message is fixed.
local a, b = {}, {}
setmetatable(a, {__index = b})
setmetatable(b, {__index = a})
print(pcall(function() return a.x end))
local c, d = {}, {}
setmetatable(c, {__newindex = d})
setmetatable(d, {__newindex = c})
print(pcall(function() c.x = 1 end))
