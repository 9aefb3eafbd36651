-- __tostring and __name: tostring, print, error messages.
local P = { __tostring = function(self) return "P(" .. self.x .. ")" end }
local p = setmetatable({ x = 1 }, P)
print(p, tostring(p), "[" .. tostring(p) .. "]")
print(pcall(tostring, setmetatable({}, { __tostring = function() return 42 end })))
print(pcall(tostring, setmetatable({}, { __tostring = function() error("ts failed", 0) end })))
print(tostring(nil), tostring(true), tostring(false), tostring(12), tostring(1.25), tostring("s"))
-- __name appears where an object's type is described.
local named = setmetatable({}, { __name = "MyType" })
local shown = tostring(named)
print(#shown > 8, shown == tostring(named))
print(pcall(function() return named + 1 end))
print(pcall(function() return #named < 1 end))
print(pcall(function() return named < named end))
print(pcall(function() return named .. "s" end))
print(pcall(function() return named.x.y end))
print(pcall(setmetatable, named))
print(pcall(rawlen, 5))
-- A non-string __name is ignored.
local badname = setmetatable({}, { __name = 123 })
print(pcall(function() return badname + 1 end))
-- __tostring wins over __name in tostring.
local both = setmetatable({}, { __name = "N", __tostring = function() return "from tostring" end })
print(tostring(both), both)
-- print calls __tostring for each argument.
local calls = 0
local Q = { __tostring = function() calls = calls + 1; return "q" .. calls end }
print(setmetatable({}, Q), setmetatable({}, Q), "plain")
print(calls)
