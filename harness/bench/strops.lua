-- String operations: byte, char, sub, upper, lower, reverse, rep, len, format.
N = N or 20000
local h = 0
local base = "The quick brown fox jumps over the lazy dog"
for i = 1, N do
  local s = string.format("%d:%s:%05.1f", i, base:sub(i % 20 + 1, i % 20 + 10), i / 7)
  local u = s:upper()
  local r = u:reverse():lower()
  local b = string.byte(r, i % #r + 1)
  local c = string.char(65 + i % 26, 97 + b % 26)
  local rep = c:rep(i % 5 + 1, "-")
  h = (h * 131 + #rep + b + s:len() + r:byte(1)) % 1000000007
end
print(h)
