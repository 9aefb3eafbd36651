-- Varargs: counting, adjusting, passing through, nils inside and at the end.
local function count(...) return select('#', ...) end
print(count(), count(nil), count(1, nil), count(nil, nil, nil))
local function pass(...) return ... end
print(pass(1, 2, 3))
print(pass())
print((pass(1, 2, 3)))
print(pass(1, 2), pass(3, 4))
print(({ pass(1, 2, 3) })[3], #{ pass(1, 2, 3) }, #{ pass(1, 2, 3), 4 })
local function pack(...) return { n = select('#', ...), ... } end
local p = pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
local function first(a, ...) return a, count(...) end
print(first(10, 20, 30))
print(first())
local function mid(...)
  local a, b = ...
  return b, a
end
print(mid(1, 2, 3), mid(1))
local function tail(...) return select(2, ...) end
print(tail("a", "b", "c"))
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + (select(i, ...)) end
  return s
end
print(sum(), sum(1), sum(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
local function many(n, ...) if n == 0 then return ... end return many(n - 1, n, ...) end
print(many(10))
print(count(many(200)))
local function varg_in_table(...)
  local t = { ..., "end" }
  return #t, t[1], t[2]
end
print(varg_in_table(1, 2, 3))
local function varg_closure(...)
  local a, b = ...
  return function() return a, b end
end
print(varg_closure(7, 8)())
print(select('#', pass(nil, nil)), select('#', (pass(nil, nil))))
local function nested(...) return pass(pass(...)) end
print(nested(1, 2, nil))
print(count(nested(1, 2, nil)))
