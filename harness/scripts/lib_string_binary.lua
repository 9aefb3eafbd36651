-- Patterns over arbitrary bytes: embedded zeros, high bytes, zeros in patterns.
local s = "a\0b\0\0c\255\128"
print(#s, s:find("\0"), s:find("\0\0"), s:find("%z+"), s:find("[\0]+", 3))
print(s:gsub("\0", "0"))
print(s:gsub("[\128-\255]", "H"))
print(s:gsub("%c", "C"))
print(select(2, s:gsub(".", "")), s:match("b(%z*)c"):len(), s:find("c\255"))
print(("\0abc"):match("^%z(.*)$"), ("abc\0"):match("(.-)%z$"), ("x\0y"):match("x.y") == "x\0y")
print(("a\0b"):gsub("%f[%z]", "|"), ("a\0b"):find("a%zb"), ("a\0b"):find("a\0b", 1, true))
local all = ""
for i = 0, 255 do all = all .. string.char(i) end
print(select(2, all:gsub("%w", "")), select(2, all:gsub("[%w%s]", "")), select(2, all:gsub("[^%c]", "")))
print(all:find("\255"), all:find("[\254\255]+"), all:match("%d+"), all:match("%x+", 60))
print(("\1\2\3"):gsub("\2", "\0"):byte(1, -1))
for b in ("\0\1\0\2"):gmatch("%z(.)") do print(b:byte()) end
print(("abc"):find("b\0"), ("ab\0c"):find("b%z"), ("a\0"):match("[%z]"):byte())
