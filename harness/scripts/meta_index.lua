-- __index: tables, functions, chains, rawget bypass, non-table values.
local base = { a = 1, b = 2 }
local mid = setmetatable({ b = 20, c = 30 }, { __index = base })
local top = setmetatable({ c = 300 }, { __index = mid })
print(top.a, top.b, top.c, top.d, rawget(top, "a"), rawget(top, "c"))

local calls = 0
local lazy = setmetatable({}, { __index = function(t, k)
  calls = calls + 1
  local v = k .. "!"
  rawset(t, k, v)
  return v
end })
print(lazy.x, lazy.x, lazy.y, calls)

local numeric = setmetatable({}, { __index = function(_, k) return k * 2 end })
print(numeric[21], numeric[1.5], numeric[-4])

-- __index returning multiple values gives only one.
local multi = setmetatable({}, { __index = function() return 1, 2, 3 end })
print(multi.x)

-- __index is only consulted for absent keys, including after a key is set to nil.
local t = setmetatable({ present = "here", gone = "x" }, { __index = function(_, k) return "meta:" .. k end })
t.gone = nil
print(t.present, t.gone, t.other)

-- A long chain of __index tables.
local chain = { final = "end of chain" }
for i = 1, 50 do chain = setmetatable({}, { __index = chain }) end
print(chain.final, chain.nothing)

-- __index on strings: the string metatable.
local s = "text"
print(s.format ~= nil, ("abc").x, s.nothing)

-- Changing the metatable's __index after setmetatable is seen.
local mt = {}
local obj = setmetatable({}, mt)
print(obj.k)
mt.__index = { k = "late" }
print(obj.k)
mt.__index = function(_, k) return "fn " .. k end
print(obj.k)

-- Integer and float keys through __index tables.
local arr = setmetatable({}, { __index = { [1] = "one", [2.5] = "two.5" } })
print(arr[1], arr[1.0], arr[2.5], arr[3])
print(pcall(function() local u = setmetatable({}, { __index = 5 }); return u.x end))
