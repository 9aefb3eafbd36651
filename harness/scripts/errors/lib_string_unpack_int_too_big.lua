-- A 9-byte integer that does not fit in 64 bits.
local b = string.pack("<I9", 1) .. ""
b = b:sub(1, 8) .. "\1"
print(string.unpack("<i9", b))
