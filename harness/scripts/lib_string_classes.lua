-- Character classes over all 256 bytes, as C's ctype in the "C" locale.
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local bytes = ""
for i = 1, #all do bytes = bytes .. all[i] end
local function members(class)
  local out = {}
  for c in bytes:gmatch(class) do out[#out + 1] = string.format("%02x", c:byte()) end
  local text = ""
  for i = 1, #out do text = text .. out[i] end
  return #out, text
end
for _, cl in ipairs({"%a", "%c", "%d", "%g", "%l", "%p", "%s", "%u", "%w", "%x"}) do
  print(cl, members(cl))
end
for _, cl in ipairs({"%A", "%C", "%D", "%G", "%L", "%P", "%S", "%U", "%W", "%X"}) do
  local n = members(cl)
  print(cl, n)
end
print(members("."))
print(members("%z"), members("%Z"), members("%."), members("%%"))
