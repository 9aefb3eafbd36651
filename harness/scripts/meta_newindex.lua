-- __newindex: functions, tables, only for absent keys, rawset bypass.
local log = {}
local proxy = setmetatable({}, { __newindex = function(t, k, v)
  log[#log + 1] = tostring(k) .. "=" .. tostring(v)
  rawset(t, k, v)
end })
proxy.a = 1
proxy.a = 2
proxy.b = nil
proxy[1] = "x"
print(#log, log[1], log[2], log[3], proxy.a, proxy[1])

local store = {}
local redirect = setmetatable({}, { __newindex = store })
redirect.x = 10
print(rawget(redirect, "x"), store.x, redirect.x)

-- A chain of __newindex tables ends at the first table without one.
local final = {}
local mid = setmetatable({}, { __newindex = final })
local front = setmetatable({}, { __newindex = mid })
front.k = "v"
print(rawget(front, "k"), rawget(mid, "k"), final.k)

-- Existing keys bypass __newindex.
local count = 0
local t = setmetatable({ exists = 1 }, { __newindex = function(t, k, v) count = count + 1; rawset(t, k, v) end })
t.exists = 2
t.new = 3
t.new = 4
print(count, t.exists, t.new)

-- After a key is set to nil it is absent again.
t.exists = nil
t.exists = 5
print(count)

-- Read-only table.
local ro = setmetatable({}, {
  __index = { a = 1 },
  __newindex = function(_, k) error("read-only: " .. k, 2) end,
})
print(ro.a, pcall(function() ro.b = 2 end))

-- rawset ignores __newindex.
local guarded = setmetatable({}, { __newindex = function() error("no") end })
rawset(guarded, "k", "v")
print(guarded.k)

-- __newindex with numeric keys and float normalisation.
local seen = {}
local nums = setmetatable({}, { __newindex = function(t, k, v) seen[#seen + 1] = k; rawset(t, k, v) end })
nums[1.0] = "a"
nums[2] = "b"
nums[1] = "c"
print(#seen, seen[1], seen[2], nums[1])
print(pcall(function() local u = setmetatable({}, { __newindex = 5 }); u.x = 1 end))
