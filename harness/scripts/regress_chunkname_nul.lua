-- A chunk name is shown as a C string in lua5.4's messages: it ends at its first NUL,
-- for syntax and runtime errors alike (found by the differential fuzz target).
print(load("x = = 1", "=abc\0def"))
print(load("x = = 1", "@file\0.lua"))
print(load("x = = 1\0 tail"))
print(pcall(load("error('boom')", "=name\0hidden")))
print(pcall(load("local t = nil; return t.x", "@a\0b")))
