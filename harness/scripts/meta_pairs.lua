-- __pairs: pairs uses it and passes through up to three results; next and ipairs do not.
local function sorted_keys(t)
  local ks = {}
  for k in next, t do ks[#ks + 1] = k end
  for i = 2, #ks do
    local v, j = ks[i], i - 1
    while j >= 1 and tostring(ks[j]) > tostring(v) do ks[j + 1] = ks[j]; j = j - 1 end
    ks[j + 1] = v
  end
  return ks
end
local data = { b = 2, a = 1, c = 3 }
local ordered = setmetatable({}, { __pairs = function(self)
  local ks = sorted_keys(data)
  local i = 0
  return function()
    i = i + 1
    if ks[i] then return ks[i], data[ks[i]] end
  end, self, nil
end })
for k, v in pairs(ordered) do print(k, v) end
-- The extra results of __pairs are the state and initial control value.
local counting = setmetatable({}, { __pairs = function(self)
  return function(st, ctl)
    if ctl < st then return ctl + 1, "n" .. ctl + 1 end
  end, 3, 0
end })
for i, s in pairs(counting) do print(i, s) end
-- next ignores __pairs.
local raw = setmetatable({ only = "raw" }, { __pairs = function() return function() end end })
print(next(raw))
for k, v in pairs(raw) do print("never", k, v) end
-- ipairs respects __index (it does not use __pairs).
local proxied = setmetatable({}, { __index = function(_, i) if i <= 3 then return i * 11 end end })
for i, v in ipairs(proxied) do print("ipairs", i, v) end
-- pairs on a table without __pairs visits every key.
local n = 0
for _ in pairs({ 1, 2, 3, x = 1, y = 2 }) do n = n + 1 end
print(n)
print(pcall(function() for k in pairs(nil) do end end))
print(select("#", pairs({})), select(2, pairs({})) ~= nil, select(3, pairs({})))
print(pcall(pairs))
