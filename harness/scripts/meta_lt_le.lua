-- __lt and __le: operand order, mixed types, result conversion, the __lt fallback for <=.
local log = {}
local O = {}
O.__lt = function(a, b)
  log[#log + 1] = "lt"
  local x = type(a) == "table" and a.v or a
  local y = type(b) == "table" and b.v or b
  return x < y
end
O.__le = function(a, b)
  log[#log + 1] = "le"
  local x = type(a) == "table" and a.v or a
  local y = type(b) == "table" and b.v or b
  return x <= y
end
local function o(v) return setmetatable({ v = v }, O) end
local a, b = o(1), o(2)
print(a < b, a > b, a <= b, a >= b, b <= b, b < b)
print(#log, log[1], log[2], log[3], log[4], log[5], log[6])
print(a < 5, 5 < a, a <= 1, 0 >= a)
-- Results are converted to booleans.
local W = setmetatable({}, { __lt = function() return "truthy" end, __le = function() return nil end })
print(W < W, W <= W, W > W, W >= W)
-- Only __lt: stock 5.4 builds (LUA_COMPAT_5_3) still answer a <= b as not (b < a).
local OnlyLt = { __lt = function(a, b) return a.v < b.v end }
local p = setmetatable({ v = 1 }, OnlyLt)
local q = setmetatable({ v = 2 }, OnlyLt)
print(p < q, q > p)
print(pcall(function() return p <= q end))
-- Mixed: a string with a table.
print(pcall(function() return "a" < {} end))
print(pcall(function() return {} <= 1 end))
-- Sorting objects by their __lt with our own sort.
local items = {}
for _, v in ipairs({ 5, 3, 8, 1, 9, 2 }) do items[#items + 1] = o(v) end
for i = 2, #items do
  local x, j = items[i], i - 1
  while j >= 1 and x < items[j] do items[j + 1] = items[j]; j = j - 1 end
  items[j + 1] = x
end
local s = ""
for _, it in ipairs(items) do s = s .. it.v .. " " end
print(s)
