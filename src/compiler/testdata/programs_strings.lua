local words = {}
for w in ("the quick brown fox"):gmatch("%a+") do
  words[#words + 1] = w:upper()
end
local s = table.concat(words, " ")
local n = #s
local rev = s:reverse()
local count = select(2, s:gsub("O", "0"))
local parts = {}
for i = 1, n, 3 do
  parts[#parts + 1] = s:sub(i, i + 2)
end
print(s, n, rev, count, #parts)
print(string.format("%5.2f|%d|%s|%q", 3.14159, 42, "x", "a\nb"))
