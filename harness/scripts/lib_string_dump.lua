-- string.dump: no binary chunks here, and lua5.4 cannot dump C functions either.
print(pcall(string.dump, string.rep))
print(pcall(string.dump, string.len))
print(pcall(string.dump))
print(pcall(string.dump, "x"))
print(pcall(string.dump, {}))
print(pcall(string.dump, 1))
print(type(string.dump))
