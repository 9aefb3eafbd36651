-- string.pack/unpack of integers of every size, signed and unsigned.
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("b", -1)), hex(string.pack("B", 255)), hex(string.pack("h", -2)))
print(hex(string.pack("H", 65535)), hex(string.pack("i", 1)), hex(string.pack("I", 4294967295)))
print(hex(string.pack("l", -1)), hex(string.pack("L", 1)), hex(string.pack("j", math.mininteger)))
print(hex(string.pack("J", -1)), hex(string.pack("T", 300)))
for n = 1, 16 do
  print(n, hex(string.pack("i" .. n, -2)), hex(string.pack("I" .. n, 5)), string.unpack("i" .. n, string.pack("i" .. n, -2)))
end
print(hex(string.pack("i3", 0x123456)), string.unpack("i3", string.pack("i3", -0x400000)))
print(hex(string.pack(">i3", 0x123456)), string.unpack(">I3", string.pack(">I3", 0xfedcba)))
print(string.unpack("b", "\255"), string.unpack("B", "\255"), string.unpack("h", "\255\127"))
print(string.unpack("i16", string.pack("i16", math.maxinteger)))
print(string.unpack("i16", string.pack("i16", math.mininteger)))
print(string.unpack("I9", string.pack("I9", -1 >> 1)))
print(string.unpack("j", string.pack("j", 123456789012)), string.unpack("J", string.pack("J", -5)))
print(string.pack("i", 3.0):byte(1, -1))
print(string.pack("i", "10"):byte(1, -1))
print(string.unpack("<i4", "\1\2\3\4"), string.unpack(">i4", "\1\2\3\4"), string.unpack("=i4", "\1\2\3\4"))
print(string.unpack("b", "\127"), string.unpack("b", "\128"), string.unpack("B", "\128"))
print(string.unpack("i2", "\0\128"), string.unpack("I2", "\0\128"))
print(string.unpack("<i9", "\255\255\255\255\255\255\255\255\255"))
print(string.unpack("<I9", "\255\255\255\255\255\255\255\127\0"))
