-- Concatenation: strings and numbers, right associativity, long chains.
print("a" .. "b" .. "c", 1 .. 2, 1.0 .. "|", -1 .. "", 2 ^ 31 .. "x")
print("x" .. 10 // 3 .. "y", "n=" .. 3 + 4)
local parts = ""
for i = 1, 10 do parts = parts .. i .. "," end
print(parts)
local s = ""
for i = 1, 200 do s = s .. "ab" end
print(#s)
local a, b, c, d, e, f = "1", "2", "3", "4", "5", "6"
print(a .. b .. c .. d .. e .. f .. a .. b .. c .. d .. e .. f)
print(pcall(function() return "a" .. {} end))
print(pcall(function() return "a" .. nil end))
print(pcall(function() return true .. "a" end))
print(pcall(function() local t = {} return t .. "x" end))
print("" .. "", #("" .. ""), "\0" .. "\0" == "\0\0")
print(0x10 .. "", 1e15 .. "", 1e16 .. "", -0.0 .. "", 100 .. 200 .. 300)
local n = 5
print("value: " .. n .. " next: " .. n + 1 .. " float: " .. n / 2)
