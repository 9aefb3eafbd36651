-- The assignment fast path: a non-nil value over a non-nil field is stored raw under any
-- metatable; a nil on either side goes through __newindex when the key is absent.
local calls = {}
local mt = { __newindex = function(t, k, v)
  calls[#calls + 1] = tostring(k) .. "=" .. tostring(v)
  rawset(t, k, v)
end }
local t = setmetatable({ 10, 20, 30, name = "n" }, mt)
t[1] = 11           -- SETI over an array item
local i = 2
t[i] = 22           -- SETTABLE over an array item
t.name = "m"        -- SETFIELD over a field
t[3] = nil          -- nil over an item: raw, the key exists
t[3] = 33           -- now absent: __newindex
t[2] = nil
t[i] = 44           -- absent through SETTABLE
t[100] = 1          -- hash-part integer key, absent
t[100] = 2          -- and present
t.name = nil
t.name = "again"
print(#calls, table.concat(calls, " "))
print(t[1], t[2], t[3], t[100], t.name)

-- Globals: an _ENV with __newindex sees only new names.
local seen = {}
local env = setmetatable({ print = print, x = 1 }, { __newindex = function(e, k, v)
  seen[#seen + 1] = k
  rawset(e, k, v)
end })
local chunk = load("x = 2; y = 3; y = 4; x = nil; x = 5; return x, y", "=env", "t", env)
print(chunk())
print(table.concat(seen, ","))

-- A float key with an integer value is the same field.
local f = setmetatable({ [1] = "a" }, mt)
calls = {}
f[1.0] = "b"
f[2.0] = "c"
print(#calls, f[1], f[2])
