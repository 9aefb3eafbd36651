-- No binary chunks: a C function cannot be dumped.
local bytes = string.dump(string.len)
print(#bytes)
