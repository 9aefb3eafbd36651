-- An unknown pack option.
local data = string.pack("i4y", 1, 2)
print(#data)
