-- A table is not a valid replacement value.
local t = {a = {}}
print(("abc"):gsub("a", t))
