-- A lone % in a replacement string.
local s = "price: 10"
print(s:gsub("%d+", "%d%"))
