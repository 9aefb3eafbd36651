-- __concat: operand order, chains with numbers and strings, right associativity.
local C = {}
C.__concat = function(a, b)
  local function s(x) if type(x) == "table" then return "<" .. x.n .. ">" end return tostring(x) end
  return setmetatable({ n = s(a) .. "+" .. s(b) }, C)
end
local function c(n) return setmetatable({ n = n }, C) end
print(("x" .. c("a")).n)
print((c("a") .. "y").n)
print((1 .. c("b")).n)
print((c("a") .. c("b")).n)
print(("p" .. "q" .. c("r")).n)
print((c("a") .. "q" .. "r").n)
print(("p" .. c("b") .. "r" .. 5).n)

-- The result of __concat can be a plain string.
local S = setmetatable({}, { __concat = function(a, b)
  return (type(a) == "string" and a or "S") .. (type(b) == "string" and b or "S")
end })
print("a" .. S, S .. "b", "x" .. S .. "y")
print(1 .. 2 .. S)
-- Errors when no operand has __concat.
print(pcall(function() return "a" .. {} end))
print(pcall(function() return setmetatable({}, {}) .. "a" end))
print(pcall(function() return 1 .. true end))
