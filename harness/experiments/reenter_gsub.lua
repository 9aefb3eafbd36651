-- H5 gsub with a Lua function: one re-entry per match. DIRECT uses a replacement string.
local count = 0
local function same(w) count = count + 1; return w end
local s = string.rep("word ", 16)
local r
for i = 1, N do
  if DIRECT then r = string.gsub(s, "%w+", "%0") else r = string.gsub(s, "%w+", same) end
end
print(count)
