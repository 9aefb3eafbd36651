-- char and codepoint agree across every encoding length
local samples = {0, 1, 0x41, 0x7F, 0x80, 0xFF, 0x100, 0x7FF, 0x800, 0xFFF, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF,
                 0x10000, 0x1F600, 0x10FFFF}
local all = {}
for i, c in ipairs(samples) do
  local s = utf8.char(c)
  local back = utf8.codepoint(s)
  all[i] = s
  assert(back == c, c)
  assert(utf8.len(s) == 1)
end
local joined = table.concat(all)
print(#joined, utf8.len(joined))
local cps = {utf8.codepoint(joined, 1, -1)}
print(#cps, cps[1], cps[#cps])
local n = 0
for p, c in utf8.codes(joined) do
  n = n + 1
  assert(c == samples[n])
  assert(utf8.offset(joined, n) == p)
end
print(n)
-- lax code points beyond Unicode
local lax = {0x110000, 0x1FFFFF, 0x200000, 0x3FFFFFF, 0x4000000, 0x7FFFFFFF, 0xD800, 0xDFFF}
for _, c in ipairs(lax) do
  local s = utf8.char(c)
  print(c, #s, utf8.codepoint(s, 1, 1, true), utf8.len(s), utf8.len(s, 1, -1, true))
end
-- a string with multibyte characters: reverse it by characters
local s = "añ€😀b"
local chars = {}
for _, c in utf8.codes(s) do table.insert(chars, 1, utf8.char(c)) end
print(table.concat(chars) == "b😀€ña")
