-- lua5.4 hands file names to the C library as C strings: a name ends at its first NUL,
-- both for opening and in the message. (Found by the differential fuzz target.)
print(pcall(dofile, "/nonexistent/dir/x.lua\0tail"))
print(loadfile("/nonexistent/dir/y.lua\0\0\188"))
print(io.open("/nonexistent/dir/z\0more"))
print(pcall(io.lines, "/nonexistent/dir/w\0more"))
print(os.remove("/nonexistent/dir/v\0more"))
print(pcall(dofile, "/nonexistent/dir/\188\188.lua"))
-- A name that exists before its NUL opens the file.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("return 'ran ' .. select('#', ...)")
f:close()
print(pcall(dofile, name .. "\0ignored"))
print(loadfile(name .. "\0ignored") ~= nil)
local g = io.open(name .. "\0x")
print(io.type(g), g and g:read("a"))
if g then g:close() end
os.remove(name)
-- Uncaught, as the fuzzer first met it.
dofile("/nonexistent/dir/last.lua\0\188\188")
