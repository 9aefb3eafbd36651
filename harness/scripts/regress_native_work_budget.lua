-- Library calls that do much work per call: matching, table walks and long results now
-- count against the instruction and memory limits. Without limits nothing may change.

-- gsub whose result outgrows the subject many times over, and a replacement function
-- that runs Lua code between matches.
local s = string.rep("ab", 5000)
local big, n = s:gsub("a", string.rep("x", 40))
print(#big, n, big:sub(1, 45))
local calls = 0
local r, m = s:gsub("(a)(b)", function(a, b) calls = calls + 1; return b .. a end)
print(#r, m, calls, r:sub(1, 6))
print((s:gsub("b", "%0%0%0", 3)):sub(1, 12))

-- Backtracking that takes many matcher steps but ends.
local subject = string.rep("a", 60)
print(subject:find(string.rep("a*", 4) .. "b"))
print(subject:find(string.rep("a?", 30) .. string.rep("a", 30)))
print(subject:match("^(a-)(a+)$"))
local words = 0
for w in string.rep("word ", 2000):gmatch("%a+") do words = words + 1 end
print(words)

-- table.concat into a long string, with the same long piece at many indices.
local piece = string.rep("p", 1000)
local t = {}
for i = 1, 300 do t[i] = piece end
local c = table.concat(t, ",")
print(#c, c:sub(999, 1002))

-- Element-by-element table functions.
local q = {}
for i = 1, 2000 do table.insert(q, 1, i) end
local sum = 0
while #q > 1000 do sum = sum + table.remove(q, 1) end
print(#q, sum, q[1], q[#q])
local moved = table.move(q, 1, #q, 500, {})
print(#moved, moved[500], moved[1499])
print(select("#", table.unpack(q, 1, 200)), (table.unpack(q, 10, 10)))
table.sort(q)
print(q[1], q[#q])
