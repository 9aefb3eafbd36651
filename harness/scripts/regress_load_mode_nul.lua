-- load's mode is a C string in lua5.4: it ends at its first NUL, both for the check and
-- in the message (found by the differential fuzz target, which printed the NULs).
print(load("return 1", "m", "\0t"))
print(load("return 1", "m", "\0\0'b"))
print(load("return 1", "m", "t\0b")())
print(load("\27Lua", "m", "t\0b"))
print(pcall(load("return 2", "m", "bt\0")))
