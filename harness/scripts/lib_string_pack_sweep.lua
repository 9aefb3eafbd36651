-- Differential sweep: pseudo-random formats and values through pack/packsize/unpack.
local seed = 777
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n + 1 end
local opts = {"b", "B", "h", "H", "l", "L", "j", "J", "T", "i", "I", "i3", "I5", "i9", "I16", "i0", "i17",
  "f", "d", "n", "s", "s1", "s2", "z", "x", "X", "Xi", "Xh", "Xd", "Xc1", "c3", "c0", "c", " ", "<", ">", "=", "!", "!2", "!4", "!3", "y"}
local vals = {0, 1, -1, 127, 128, 255, 256, -129, 65535, 1 << 31, math.maxinteger, math.mininteger, 1.5, 2.0, "ab", "", "a\0b", "xyz"}
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
for case = 1, 1000 do
  local f = ""
  for i = 1, rnd(5) do f = f .. opts[rnd(#opts)] end
  local args = {}
  local nargs = rnd(5) - 1
  for i = 1, nargs do args[i] = vals[rnd(#vals)] end
  local ok, r = pcall(string.pack, f, table.unpack(args, 1, nargs))
  local line = f .. " => " .. tostring(ok) .. " " .. (ok and hex(r) or r)
  local ok2, sz = pcall(string.packsize, f)
  line = line .. " | " .. tostring(sz)
  if ok then
    local res = {pcall(string.unpack, f, r)}
    for i = 1, #res do
      local v = res[i]
      if type(v) == "string" then v = hex(v) end
      line = line .. " " .. tostring(v)
    end
    local res2 = {pcall(string.unpack, f, r .. "\0\1\2\3", rnd(6) - 3)}
    for i = 1, #res2 do
      local v = res2[i]
      if type(v) == "string" then v = hex(v) end
      line = line .. " " .. tostring(v)
    end
  else
    local res = {pcall(string.unpack, f, "\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15\16\17\0")}
    for i = 1, #res do local v = res[i]; if type(v) == "string" then v = hex(v) end; line = line .. " " .. tostring(v) end
  end
  print(line)
end
