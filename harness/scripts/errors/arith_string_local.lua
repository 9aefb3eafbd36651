local s = "hello"
local n = s + 1
