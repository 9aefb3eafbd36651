-- type of every value kind, and the strings it returns.
print(type(nil), type(true), type(false), type(0), type(0.5), type(""), type({}), type(print), type(type))
print(type(function() end), type(setmetatable({}, { __name = "X" })), type(type(1)))
print(pcall(type))
local kinds = {}
for _, v in ipairs({ 1, "s", true, {}, print, 2.5 }) do kinds[#kinds + 1] = type(v) end
local s = ""
for i = 1, #kinds do s = s .. kinds[i] .. " " end
print(s)
-- type on multiple results uses the first.
local function two() return 1, "two" end
print(type(two()))
print(type(nil) == "nil", type(type) == "function")
-- Dispatch on type.
local function describe(v)
  local t = type(v)
  if t == "number" then return "num:" .. v
  elseif t == "string" then return "str:" .. v
  elseif t == "table" then return "tbl#" .. #v
  elseif t == "boolean" then return "bool:" .. tostring(v)
  elseif t == "nil" then return "nil"
  else return t end
end
print(describe(3), describe("x"), describe({ 1, 2 }), describe(false), describe(nil), describe(describe))
