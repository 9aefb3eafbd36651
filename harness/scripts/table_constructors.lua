-- Table constructors: positional, named and computed fields, separators, multi-value expansion.
local function f() return 1, 2, 3 end
local t = { 10, 20, 30; x = "x", ["y"] = "y", [1 + 1] = "ignored?", 40 }
print(t[1], t[2], t[3], t[4], t.x, t.y, #t)
local u = { f(), f() }
print(#u, u[1], u[2], u[4], u[6])
local v = { f(), f(), 10 }
print(#v, v[3])
local w = { (f()) }
print(#w)
local trailing = { 1, 2, 3, }
local semis = { 1; 2; 3; }
print(#trailing, #semis)
local nested = { { 1, 2 }, { 3, { 4, 5 } }, key = { deep = { deeper = "bottom" } } }
print(nested[2][2][2], nested.key.deep.deeper)
local empty = {}
print(#empty, next(empty))
-- Computed keys of various types.
local k = "dyn"
local c = { [k] = 1, [k .. "2"] = 2, [10] = "ten", [1.5] = "float", [true] = "bool" }
print(c.dyn, c.dyn2, c[10], c[1.5], c[true])
-- Positional items override earlier explicit keys at the same index.
local o = { [1] = "explicit", "positional" }
print(o[1])
-- Large constructors (more than one flush of the array part).
local big = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60 }
print(#big, big[50], big[51], big[60])
local withvar = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, f() }
print(#withvar, withvar[51], withvar[53])
-- Varargs in constructors.
local function pack(...) return { ... } end
print(#pack(), #pack(1, nil), #pack(1, 2, 3, 4, 5))
local function packn(...) return { n = select('#', ...), ... } end
local p = packn(nil, nil)
print(p.n, p[1], p[2])
-- Functions and expressions as values.
local ops = { add = function(a, b) return a + b end, ["sub"] = function(a, b) return a - b end }
print(ops.add(2, 3), ops.sub(2, 3))
local exprs = { 1 + 1, "a" .. "b", not nil, #"four", -(-1) }
print(exprs[1], exprs[2], exprs[3], exprs[4], exprs[5])
