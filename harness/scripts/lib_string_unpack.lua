-- string.unpack: the next position, the init argument, results in order.
print(string.unpack("bb", "\1\2\3"))
print(string.unpack("b", "\1\2\3", 2), string.unpack("b", "\1\2\3", -1), string.unpack("b", "\1\2\3", -3))
print(string.unpack("", "abc"), string.unpack("", "abc", 4), string.unpack("", ""))
print(pcall(string.unpack, "", "abc", 5))
print(pcall(string.unpack, "b", "abc", 4))
print(string.unpack("b", "abc", -10), string.unpack("b", "abc", 0))
print(string.unpack("xb", "\1\2"), string.unpack("c1xc1", "a-b"))
local s = string.pack("i4i4i4", 10, 20, 30)
local a, b, c, nextpos = string.unpack("i4i4i4", s)
print(a, b, c, nextpos)
local pos, vals = 1, ""
while pos <= #s do
  local v
  v, pos = string.unpack("i4", s, pos)
  vals = vals .. v .. ","
end
print(vals, pos)
print(select("#", string.unpack(string.rep("b", 100), string.rep("\1", 100))))
print(string.unpack("z", "abc\0def\0", 5))
print(string.unpack(" < i2 ", "\1\0"))
print(string.unpack("i4", 1234))
