local src, dst = os.tmpname(), os.tmpname()
-- write a few kilobytes of mixed content, including every byte value
local f = assert(io.open(src, "wb"))
for i = 0, 255 do f:write(string.char(i)) end
for i = 1, 2000 do f:write(i, i % 7 == 0 and "\n" or " ") end
f:close()
-- copy it in odd-sized chunks
local inp, out = assert(io.open(src, "rb")), assert(io.open(dst, "wb"))
local chunks = 0
while true do
  local block = inp:read(777)
  if not block then break end
  chunks = chunks + 1
  out:write(block)
end
inp:close()
out:close()
local a = assert(io.open(src, "rb")):read("a")
local b = assert(io.open(dst, "rb")):read("a")
print(#a, #b, a == b, chunks)
-- count lines and numbers
local lines, numbers = 0, 0
local g = assert(io.open(dst, "rb"))
g:read(256)
for line in g:lines() do lines = lines + 1 end
g:close()
g = assert(io.open(dst, "rb"))
g:read(256)
while true do
  local n = g:read("n")
  if not n then break end
  numbers = numbers + 1
end
g:close()
print(lines, numbers)
print(os.remove(src), os.remove(dst))
