local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("3 4\n5 6\n7 8\n", "rest of it\n")
f:close()
for a, b in io.lines(name, "n", "n") do print(a, b, a * b) end
for c in io.lines(name, 4) do print("[" .. c .. "]") end
for l, n in io.lines(name, "L", "n") do print(#l, n) end
for x in io.lines(name, "a") do print(#x); break end
f = assert(io.open(name))
local it = f:lines("l", "l")
print(it())
print(it())
print(it())
print(it())
f:close()
f = assert(io.open(name))
print(f:read("n", "n", "l", "L"))
f:close()
os.remove(name)
