-- The name in an error's " (constant '...')" part is a C string in lua5.4: it ends at a
-- NUL (found by the differential fuzz target).
print(pcall(function() return "1.5\1\0\0tail" | 1 end))
print(pcall(function() local t = {} return t["a\0b"].c end))
print(pcall(function() return _ENV["g\0lobal"]() end))
