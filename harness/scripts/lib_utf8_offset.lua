local s = "aä€😀z"
for n = -6, 7 do print(n, utf8.offset(s, n)) end
print(utf8.offset(s, 0, 1), utf8.offset(s, 0, 3), utf8.offset(s, 0, 5), utf8.offset(s, 0, 7), utf8.offset(s, 0, 8))
print(utf8.offset(s, 1, 2), utf8.offset(s, 2, 2), utf8.offset(s, -1, 4), utf8.offset(s, 1, #s + 1))
print(utf8.offset(s, 0, #s + 1), utf8.offset("", 1), utf8.offset("", -1), utf8.offset("", 0))
print(utf8.offset("abc", 5), utf8.offset("abc", -5), utf8.offset("abc", 4), utf8.offset("abc", -3))
print(pcall(utf8.offset, s, 1, 3))
print(pcall(utf8.offset, s, 1, 0))
print(pcall(utf8.offset, s, 1, #s + 2))
print(pcall(utf8.offset, s, -1, 9))
print(pcall(utf8.offset, s))
-- iterate characters backwards
local i, out = #s + 1, {}
while true do
  i = utf8.offset(s, -1, i)
  if not i then break end
  out[#out + 1] = utf8.codepoint(s, i)
  if i == 1 then break end
end
print(table.concat(out, " "))
