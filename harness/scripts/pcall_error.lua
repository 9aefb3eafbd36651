-- pcall and error: values of every type, levels, position information.
print(pcall(error))
print(pcall(error, nil))
print(pcall(error, "msg"))
print(pcall(error, "msg", 0))
print(pcall(error, 42))
print(pcall(error, 4.5))
print(pcall(error, true))
local t = { code = 1 }
local ok, e = pcall(error, t)
print(ok, e == t, e.code)
local function thrower(level) error("at level " .. level, level) end
print(pcall(thrower, 1))
print(pcall(thrower, 2))
local function caller() thrower(2) end
print(pcall(caller))
local function caller3() local function mid() thrower(3) end mid() end
print(pcall(caller3))
-- Position is only added to string messages.
print(pcall(function() error(setmetatable({}, { __tostring = function() return "custom" end })) end))
local ok2, e2 = pcall(function() error(setmetatable({}, { __tostring = function() return "custom" end })) end)
print(ok2, tostring(e2))
print(pcall(function() error(12) end))
-- Runtime errors carry the position of the faulting line.
print(pcall(function() local x = nil; return x.field end))
print(pcall(function() return undefined_global.x end))
print(pcall(function() undefined_function() end))
-- pcall returns all results on success.
print(pcall(function() return 1, 2, 3 end))
print(pcall(function() end))
print(select('#', pcall(function() return nil, nil end)))
-- pcall of a non-function.
print(pcall(42))
print(pcall({}))
print(pcall(nil))
print(pcall(pcall, error, "inner"))
-- error rethrown keeps the same value.
local ok3, e3 = pcall(function()
  local ok4, e4 = pcall(error, { tag = "deep" })
  error(e4)
end)
print(ok3, e3.tag)
-- Errors from inside nested calls unwind them all.
local depth = 0
local function dive(n) depth = n; if n == 50 then error("bottom", 0) end dive(n + 1) end
print(pcall(dive, 1))
print(depth)
-- assert.
print(pcall(assert, false))
print(pcall(assert, nil, "custom assert"))
print(pcall(assert, 1 == 1, "unused"))
print(pcall(assert, false, { "table message" }) == false)
print(select('#', assert(1, 2, 3)), assert("v", "m"))
print(pcall(assert))
