-- __len: tables, values returned as-is, rawlen bypass, strings not affected.
local t = setmetatable({ 1, 2, 3 }, { __len = function(self) return 42 end })
print(#t, rawlen(t))
local weird = setmetatable({}, { __len = function() return "not a number" end })
print(#weird)
local multi = setmetatable({}, { __len = function() return 1, 2 end })
print(#multi)
local none = setmetatable({}, { __len = function() end })
print(#none)
local counted = setmetatable({}, { __len = function(self)
  local n = 0
  for _ in pairs(self) do n = n + 1 end
  return n
end })
counted.a, counted.b, counted[10] = 1, 2, 3
print(#counted, rawlen(counted))
print(#"string", rawlen("string"))
-- __len on a proxy that forwards to a backing table.
local backing = { "a", "b" }
local proxy = setmetatable({}, { __len = function() return #backing end, __index = backing })
print(#proxy, proxy[2])
backing[3] = "c"
print(#proxy, proxy[#proxy])
-- A loop bounded by #proxy.
local s = ""
for i = 1, #proxy do s = s .. proxy[i] end
print(s)
print(pcall(rawlen, 5))
print(pcall(function() return #setmetatable({}, { __len = 3 }) end))
