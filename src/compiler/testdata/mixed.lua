local t = setmetatable({}, {
  __index = function(t, k)
    return k * 2
  end,
})
local sum = 0
for i = 1, 10 do
  sum = sum + t[i]
end
local s = ""
for i, v in ipairs({"a", "b", "c"}) do
  s = s .. i .. v
end
local m = {}
for k, v in pairs({x = 1, y = 2}) do
  m[#m + 1] = k .. "=" .. v
end
table.sort(m)
print(sum, s, table.concat(m, ","))
local x = 5
local y = x > 3 and "big" or "small"
local z = x % 2 == 0 and "even" or "odd"
print(y, z, x // 2, x / 2, x ^ 2, -x, x << 2, x >> 1, x & 3, x | 8, x ~ 1, ~x)
print(math.max(1, 2, 3), math.min(x, 0), #"hello", not nil)
