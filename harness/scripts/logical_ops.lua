-- and / or / not: values returned, short-circuit, nesting.
print(1 and 2, nil and 2, false and 2, 1 or 2, nil or 2, false or nil, nil or false)
print(not nil, not false, not 0, not "", not not {})
local calls = 0
local function f(v) calls = calls + 1; return v end
local _ = f(false) and f(1)
print(calls)
_ = f(1) or f(2)
print(calls)
_ = f(nil) or f(false) or f(3)
print(calls)
-- The ternary idiom and its pitfall with false.
local function tern(c, a, b) return c and a or b end
print(tern(true, "yes", "no"), tern(false, "yes", "no"), tern(true, false, "fallback"))
-- Default values.
local function greet(name) name = name or "world"; return "hello " .. name end
print(greet(), greet("lua"), greet(false))
-- and/or in conditions and assignments with comparisons.
local x = 7
local kind = x > 5 and x < 10 and "mid" or "other"
print(kind)
local y = (x > 100) and "big" or (x > 5) and "medium" or "small"
print(y)
-- Nested and/or with all value types.
print(nil and nil or "a", false or false and 1, 0 and "" and {} and "last")
print((nil or 0) + 1, (false and 1 or 2) * 3)
-- not binds tighter than comparison.
print(not 1 == 2, not (1 == 2))
-- and/or used for safe navigation.
local cfg = { db = { host = "localhost" } }
print(cfg.db and cfg.db.host, cfg.cache and cfg.cache.size, cfg.cache and cfg.cache.size or 64)
-- Many-operand chains.
local a, b, c, d = 1, nil, false, "d"
print(a and b or c or d, a and (b or c) or d, (a or b) and (c or d))
-- Short circuit protects errors.
local t = nil
print(t and t.field, t ~= nil and t.field or "guarded")
print(pcall(function() return t.field or 1 end))
