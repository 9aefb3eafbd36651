local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("alpha\nbeta\n\ngamma\n1 2 3\n4.5 x\nlast")
f:close()
for l in io.lines(name) do print("[" .. l .. "]") end
for l in io.lines(name, "L") do print(#l) end
for a, b in io.lines(name, 1, 2) do print(a, b) end
local n = 0
for c in io.lines(name, 1) do n = n + 1 end
print(n)
f = assert(io.open(name))
for l in f:lines() do print(l) end
print(io.type(f), f:read("a"))
f:close()
f = assert(io.open(name))
f:read("l"); f:read("l"); f:read("l"); f:read("l")
for a, b, c in f:lines("n", "n", "n") do print(a, b, c) end
f:close()
-- the iterator of io.lines closes the file when it reaches the end
local it, s, c, tbc = io.lines(name)
print(type(it), s, c, io.type(tbc))
while it() do end
print(io.type(tbc))
print(pcall(it))
-- a lines iterator on a file closed early
f = assert(io.open(name))
local it2 = f:lines()
print(it2())
f:close()
print(pcall(it2))
print(pcall(io.lines, "/nonexistent/dir/file"))
print(pcall(function() for l in io.lines(name, "x") do end end))
-- generic for closes the file through the to-be-closed fourth value on break
for l in io.lines(name) do break end
os.remove(name)
