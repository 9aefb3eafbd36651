-- Unpacking more than the data holds.
local packed = string.pack("i2", 7)
print(string.unpack("i2i2", packed))
