-- __metatable: getmetatable returns it, setmetatable refuses to replace a protected one.
local mt = { __metatable = "locked", __index = { k = "v" } }
local t = setmetatable({}, mt)
print(getmetatable(t), t.k)
print(pcall(setmetatable, t, {}))
print(pcall(setmetatable, t, nil))
local mt2 = { __metatable = false }
local u = setmetatable({}, mt2)
print(getmetatable(u), pcall(setmetatable, u, {}))
local tbl_guard = {}
local v = setmetatable({}, { __metatable = tbl_guard })
print(getmetatable(v) == tbl_guard)
-- Without __metatable the real metatable comes back and can be replaced or removed.
local plain_mt = {}
local w = setmetatable({}, plain_mt)
print(getmetatable(w) == plain_mt)
setmetatable(w, nil)
print(getmetatable(w))
-- setmetatable returns its first argument.
local x = {}
print(setmetatable(x, {}) == x)
-- Strings share one metatable; its __index is the string table.
print(getmetatable("a") == getmetatable("b"), getmetatable("").__index.format == string.format)
print(getmetatable(1), getmetatable(nil), getmetatable(print), getmetatable(true))
print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(pcall(getmetatable))
-- __metatable set after setmetatable also protects.
local late = {}
local obj = setmetatable({}, late)
late.__metatable = "now locked"
print(getmetatable(obj), pcall(setmetatable, obj, {}))
