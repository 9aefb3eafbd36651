-- Calling the result of a failed load.
local f = load("x = = 1")
f()
