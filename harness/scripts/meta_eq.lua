-- __eq: only for two tables (or two userdata), result converted to boolean.
local calls = 0
local E = { __eq = function(a, b) calls = calls + 1; return a.id == b.id end }
local a = setmetatable({ id = 1 }, E)
local b = setmetatable({ id = 1 }, E)
local c = setmetatable({ id = 2 }, E)
print(a == b, a ~= b, a == c, a ~= c, calls)
-- Identical objects never call __eq.
calls = 0
print(a == a, calls)
-- Only one side needs the metamethod; the left one is tried first.
local plain = { id = 1 }
print(a == plain, plain == a, calls)
-- Different types are never equal and never call __eq.
print(a == 1, a == "x", a == nil, calls)
-- The result is converted to a boolean.
local T = { __eq = function() return "yes" end }
local F = { __eq = function() return nil end }
local t1, t2 = setmetatable({}, T), setmetatable({}, T)
local f1, f2 = setmetatable({}, F), setmetatable({}, F)
print(t1 == t2, t1 ~= t2, f1 == f2, f1 ~= f2)
-- Different metamethods: the left operand's decides.
local L = setmetatable({}, { __eq = function() return true end })
local R = setmetatable({}, { __eq = function() return false end })
print(L == R, R == L)
-- rawequal ignores __eq.
print(rawequal(a, b), rawequal(a, a))
-- Table keys use raw identity, not __eq.
local set = {}
set[a] = "a"
set[b] = "b"
print(set[a], set[b])
-- __eq on numbers and strings is never consulted.
print(1 == 1.0, "a" == "a", 2 == "2")
-- __eq error propagates.
local Bad = setmetatable({}, { __eq = function() error("eq failed", 0) end })
print(pcall(function() return Bad == {} end))
