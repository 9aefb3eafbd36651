local name = os.tmpname()
do
  local f <close> = assert(io.open(name, "w"))
  f:write("written inside a block")
end
local g = assert(io.open(name))
print(g:read("a"))
g:close()
-- __close on an error path still closes
local h
local ok, err = pcall(function()
  local f <close> = assert(io.open(name))
  h = f
  error("oops", 0)
end)
print(ok, err, io.type(h))
-- __gc / __close on an already closed file is harmless
local k = assert(io.open(name))
k:close()
getmetatable(k).__gc(k)
getmetatable(k).__close(k)
print(io.type(k))
-- buffered data reaches the file on close
local w = assert(io.open(name, "w"))
for i = 1, 1000 do w:write(i, ",") end
w:close()
local r = assert(io.open(name))
local data = r:read("a")
r:close()
print(#data, data:sub(1, 20))
-- flush makes data visible to another handle
local w2 = assert(io.open(name, "w"))
w2:write("flushed")
print(w2:flush())
local r2 = assert(io.open(name))
print(r2:read("a"))
r2:close()
w2:close()
-- tmpfile
local t = io.tmpfile()
print(io.type(t), t:write("temp") == t, t:seek("set"), t:read("a"))
t:close()
os.remove(name)
