-- H5 sort comparator written in Lua: one re-entry per comparison. DIRECT sorts the same
-- arrays with the built-in order; COUNT reports how many comparisons the sort made.
local count = 0
local function less(a, b) count = count + 1; return a < b end
local seed = 12345
local base = {}
for i = 1, 64 do seed = (seed * 1103515245 + 12345) % 2147483648; base[i] = seed end
local a = {}
for r = 1, N do
  for i = 1, 64 do a[i] = base[i] end
  if DIRECT then table.sort(a) else table.sort(a, less) end
end
print(count)
