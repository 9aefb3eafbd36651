local f = io.tmpfile()
print(f:read("z"))
