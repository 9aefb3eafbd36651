-- Linear-time gsub/find/gmatch over a 1 MB subject.
local big = string.rep("abcdefghij", 100000)
print(#big)
local r, n = big:gsub("e", "E")
print(#r, n, r:sub(1, 20))
r, n = big:gsub("%a", "")
print(#r, n)
r, n = big:gsub("(c)(d)", "%2%1")
print(#r, n, r:sub(1, 10))
print(big:find("jab", 999990, true), big:find("xyz", 1, true), big:find("j$"))
print(big:find("jabc", -15), big:match("(%a%a)$"), big:find("%d"))
local count = 0
for _ in big:gmatch("a") do count = count + 1 end
print(count)
count = 0
for w in big:gmatch("%a+") do count = count + #w end
print(count)
local spaced = string.rep("word ", 200000)
r, n = spaced:gsub("%s+", "_")
print(#r, n)
r, n = spaced:gsub("(%w+)", function(w) return "" end)
print(#r, n)
r, n = spaced:gsub("%w+", {word = "W"})
print(#r, n)
print(#string.rep("x", 1000000, ","), #string.rep("ab", 500000))
