-- xpcall: the message handler sees the raw error value and its result is returned.
local function handler(e) return "handled: " .. tostring(e) end
print(xpcall(function() error("oops", 0) end, handler))
print(xpcall(function() error("oops") end, handler))
print(xpcall(function() return "fine", 2 end, handler))
print(xpcall(function(a, b) return a + b end, handler, 3, 4))
-- A handler receiving a non-string.
print(xpcall(function() error({ 1, 2, 3 }) end, function(e) return type(e), #e end))
print(xpcall(function() error(nil) end, function(e) return e == nil end))
print(xpcall(function() error(7) end, function(e) return e * 6 end))
-- The handler runs before the stack unwinds: it can see locals through upvalues.
local trace = {}
local function inner() trace[#trace + 1] = "inner"; error("deep", 0) end
print(xpcall(function() inner() end, function(e) trace[#trace + 1] = "handler:" .. e; return #trace end))
-- Runtime errors go through the handler too.
print(xpcall(function() local t = nil; return t.x end, function(e) return "H:" .. e end))
-- Handler returning multiple values: only the first is kept.
print(xpcall(function() error("x", 0) end, function() return 1, 2, 3 end))
-- Handler that itself errors.
print(xpcall(function() error("first", 0) end, function(e) error("second", 0) end))
-- Nested xpcall: the inner handler catches, the outer does not run.
local outer_ran = false
print(xpcall(function()
  return xpcall(function() error("in", 0) end, function(e) return "inner got " .. e end)
end, function() outer_ran = true end))
print(outer_ran)
print(pcall(xpcall))
print(pcall(xpcall, print))
