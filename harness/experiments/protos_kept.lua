-- H3 bytes per prototype: N chunks compiled by `load`, each with one nested prototype,
-- kept alive. With SLOTS set, the same source strings are built but not compiled.
local n, keep = N, {}
for i = 1, n do
  local src = "return function() return " .. i .. " end"
  if SLOTS then keep[i] = src else keep[i] = load(src) end
end
print(#keep)
