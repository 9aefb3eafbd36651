-- H2 memory pressure: N small tables (two array items, two fields) kept alive.
local keep = {}
for i = 1, N do keep[i] = {i, i, x = i, y = i} end
print(#keep)
