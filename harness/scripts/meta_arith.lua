-- Arithmetic and bitwise metamethods, with the operand order they receive.
local V = {}
local function v(x) return setmetatable({ x = x }, V) end
local function val(o) if type(o) == "table" then return "V" .. o.x end return tostring(o) end
local ops = { "add", "sub", "mul", "div", "mod", "pow", "unm", "idiv",
              "band", "bor", "bxor", "shl", "shr", "bnot" }
for _, name in ipairs(ops) do
  V["__" .. name] = function(a, b) return name .. "(" .. val(a) .. "," .. val(b) .. ")" end
end
local a, b = v(1), v(2)
print(a + b, a - 3, 4 * a)
print(a / b, 5 % a, a ^ 2)
print(-a, a // 7, 7 // a)
print(a & 1, 1 | a, a ~ b)
print(a << 2, 2 >> a, ~a)
print("10" + a, a + "x", 1.5 * a)

-- Only the right operand has the metamethod.
local R = setmetatable({}, { __add = function(x, y) return type(x) .. "+" .. type(y) end })
print(1 + R, R + 1, "s" + R, R + R)

-- Left operand's metamethod wins when both have one.
local L1 = setmetatable({}, { __sub = function() return "left" end })
local L2 = setmetatable({}, { __sub = function() return "right" end })
print(L1 - L2, L2 - L1)

-- Bitwise metamethods are tried when a float has no integer form or an operand is a string.
local B = setmetatable({}, { __bor = function(x, y) return "bor:" .. type(x) .. ":" .. type(y) end })
print(1.5 | B, B | "str")

-- A number and a table without metamethods.
print(pcall(function() return 1 + {} end))
print(pcall(function() return {} & 1 end))
print(pcall(function() return 1.5 | 1 end))

-- Metamethods returning several values give one; returning nothing gives nil.
local M = setmetatable({}, { __mul = function() return 1, 2 end, __div = function() end })
print(M * 1, M / 1)

-- Vectors with arithmetic, as a real use.
local Vec = {}
Vec.__index = Vec
local function vec(x, y) return setmetatable({ x = x, y = y }, Vec) end
Vec.__add = function(p, q) return vec(p.x + q.x, p.y + q.y) end
Vec.__mul = function(p, q)
  if type(p) == "number" then return vec(p * q.x, p * q.y) end
  if type(q) == "number" then return vec(p.x * q, p.y * q) end
  return p.x * q.x + p.y * q.y
end
Vec.__unm = function(p) return vec(-p.x, -p.y) end
Vec.__tostring = function(p) return "(" .. p.x .. "," .. p.y .. ")" end
local p, q = vec(1, 2), vec(3, 4)
print(tostring(p + q), tostring(2 * p), tostring(p * 3), p * q, tostring(-p))
print(tostring(p + q * 2 + -p))
-- __unm and __bnot receive the operand twice.
local U = setmetatable({}, { __unm = function(x, y) return rawequal(x, y) end,
                             __bnot = function(x, y) return rawequal(x, y) end })
print(-U, ~U)
