-- The length operator on strings and on tables with sequences.
print(#"", #"abc", #"a\0b", #"\u{10FFFF}", #[[
x]])
local t = {}
print(#t)
for i = 1, 100 do t[i] = i end
print(#t)
t[101] = 1
print(#t)
t[101] = nil
print(#t)
t[100] = nil
print(#t)
print(#{ 1, 2, 3 }, #{ 1, 2, 3, nil }, #{ n = 1 }, #{ [1] = "a", [2] = "b" })
local s = { "x", "y", "z" }
s[#s + 1] = "w"
s[#s + 1] = "v"
print(#s, s[#s])
local grow = {}
for i = 1, 1000 do grow[#grow + 1] = i * 2 end
print(#grow, grow[1000], grow[500])
while #grow > 990 do grow[#grow] = nil end
print(#grow, grow[#grow])
print(pcall(function() return #5 end))
print(pcall(function() return #nil end))
local str = "hello"
print(#str + 1, -#str, #str .. "!")
