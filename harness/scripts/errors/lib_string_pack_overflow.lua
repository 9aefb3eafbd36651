-- pack checks integer ranges.
print(#string.pack(">i2", 1, 2))
print(string.pack("b", 200))
