-- Byte order switches mid-format; '=' is the native (little) order.
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex(string.pack("<i4>i4=i4", 1, 1, 1)))
print(hex(string.pack(">h<h", 0x102, 0x102)), hex(string.pack(">j", 1)))
print(string.unpack("<i2>i2", "\1\0\0\1"))
print(hex(string.pack(">I16", 1)), hex(string.pack("<i16", -1)))
print(hex(string.pack(">s2", "ab")), hex(string.pack("<s2", "ab")))
print(hex(string.pack(">d", 1)), hex(string.pack("<d", 1)), hex(string.pack("=d", 1)))
print(string.unpack(">I3", "\1\2\3"), string.unpack("<I3", "\1\2\3"))
print(string.unpack(">i16", string.pack(">i16", -3)), string.unpack(">i16", string.pack(">i16", 3)))
print(hex(string.pack("i2 > i2 < i2", 1, 1, 1)))
