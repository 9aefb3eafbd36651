-- Differential sweep: pseudo-random patterns and subjects through find/match/gsub/gmatch.
local seed = 20240607
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n + 1 end
local atoms = {"a", "b", ".", "%a", "%d", "%s", "%A", "[ab]", "[^a]", "[a-c]", "[%d_]", "x", "(", ")", "()",
  "%b()", "%f[%a]", "%f[^a]", "%1", "%2", "^", "$", "%", "[", "]", "-", "*", "+", "?", "%%", "%.", "[]a]", "[^]", "%z"}
local quants = {"", "", "", "*", "+", "-", "?"}
local chars = {"a", "b", "c", "1", " ", "(", ")", "x", "_", "\0", "."}
local out = {}
for case = 1, 1000 do
  local p = ""
  for i = 1, rnd(6) do p = p .. atoms[rnd(#atoms)] .. quants[rnd(#quants)] end
  local s = ""
  for i = 1, rnd(10) - 1 do s = s .. chars[rnd(#chars)] end
  local init = rnd(13) - 4
  local r1 = {pcall(string.find, s, p, init)}
  local r2 = {pcall(string.match, s, p)}
  local r3 = {pcall(string.gsub, s, p, "<%0>")}
  local r4 = {pcall(function() local t = {} for a, b in s:gmatch(p) do t[#t+1] = tostring(a) .. "," .. tostring(b) end return table.concat(t, ";") end)}
  local line = {}
  for _, r in ipairs({r1, r2, r3, r4}) do
    for i = 1, #r do line[#line + 1] = tostring(r[i]) end
    line[#line + 1] = "|"
  end
  print((string.format("%q %q ", p, s) .. table.concat(line, " "):gsub("%z", "\\0")))
end
