-- gsub wants a string, a function or a table to replace with.
local s = "text"
print(s:gsub("t", true))
