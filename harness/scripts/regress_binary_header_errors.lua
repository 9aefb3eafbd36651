-- lua5.4 checks a binary chunk's header field by field and names the first that is wrong, or
-- "truncated chunk" where the bytes end first. (Found by the differential fuzz target.)
print(load("\27"))
print(load("\27Lu"))
print(load("\27Lux"))
print(load("\27Lua\83"))
print(load("\27Lua\84\1"))
print(load("\27Lua\84\0\25\147\r\n\26\n\4\8\8"))
print(load("\27Lua\84\0\25\147\r\n\26\n\5\8\8"))
print(load("\27Lua\84\0\25\147\r\n\26\n\4\4\8"))
print(load("\27Lua\84\0\25\147\r\n\26\n\4\8\4"))
print(load("\27Lua\84\0\25\147\r\n\26\0\4\8\8"))
print(load("\27Lua\84\0\25\147\r\n\26\n\4\8\8\120\86\0\0\0\0\0\0"))
print(load("\27Lua\84\0\25\147\r\n\26\n\4\8\8\121\86\0\0\0\0\0\0"))
print(load("\27Lua\84\0\25\147\r\n\26\n\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64"))
print(load("\27Lua\84\0\25\147\r\n\27\n", "@file.luac"))
print(load("\27\220=bin", "t"))
-- Found by the differential fuzzer (session 9): a valid header and then too little of a
-- function is a truncated chunk, as it is to lua5.4, which reads on into the body.
local header = "\27Lua\84\0\25\147\r\n\26\n\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64"
print(load(header .. ">"))
print(load(header .. "\1\2"))
print(load(header .. "\1\128"))
