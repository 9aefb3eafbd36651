-- string.packsize over fixed formats, and its refusals.
for _, f in ipairs({"b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T", "f", "d", "n",
                     "i1", "i7", "I16", "c10", "c0", "x", "", " ", "<>=", "bhij", "!bhij", "Xi"}) do
  print(string.format("%-6s", f), pcall(string.packsize, f))
end
print(pcall(string.packsize, "s"))
print(pcall(string.packsize, "z"))
print(pcall(string.packsize, "i0"))
print(pcall(string.packsize, "i17"))
print(pcall(string.packsize, "c"))
print(pcall(string.packsize, "y"))
print(pcall(string.packsize, "c2000000000c2000000000"))
print(pcall(string.packsize, "c1000000000c1000000000"))
print(pcall(string.packsize, "!3i"))
print(pcall(string.packsize, "!17"))
print(pcall(string.packsize, "X"))
print(pcall(string.packsize, "Xc1"))
print(pcall(string.packsize, "bXz"))
print(string.packsize("i\0garbage"), pcall(string.packsize, "c99999999999"))
