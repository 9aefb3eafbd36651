-- len, the '#' operator, and method calls through the string metatable.
local function err(f, ...) local ok, m = pcall(f, ...) return ok and "ok" or m end
local s = "hello"
print(s:len(), #s, string.len(""), ("\0\0"):len(), string.len(123), string.len(-1.5))
print(s:upper():lower():len(), ("x"):rep(3):len(), ("%d"):format(7), ("a,b"):find(","))
print(getmetatable("").__index == string, getmetatable("abc") == getmetatable(""))
print(("abc"):match("b"), ("abc"):gsub("b", "B"), ("abc"):byte(1, -1))
print(#string.format("%5s", "x"), ("test"):sub(2, 3), ("A"):byte())
print(err(string.len), err(string.len, {}), err(string.len, nil))
local mt = getmetatable("")
local names = {}
for k in pairs(string) do names[#names + 1] = k end
table.sort(names)
local line = ""
for i = 1, #names do line = line .. names[i] .. " " end
print(line)
print(("x"):len() + ("yy"):len(), ("10") + 5, ("3") * "4", -("2"), ("10") // "3")
