-- Multiple assignment: evaluation before assignment, adjusting, swaps.
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local x, y = 1, 2, 3
print(x, y)
local t = { 1, 2, 3 }
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
t[1], t[2], t[3] = t[3], t[1], t[2]
print(t[1], t[2], t[3])
local function f() return 10, 20, 30 end
local p, q, r, s = f()
print(p, q, r, s)
p, q, r, s = 0, f()
print(p, q, r, s)
p, q, r, s = f(), 0
print(p, q, r, s)
p, q = (f())
print(p, q)
local u = {}
u.a, u.b, u.c = f()
print(u.a, u.b, u.c)
g1, g2 = "glob1", "glob2"
print(g1, g2)
g1, g2 = g2, g1
print(g1, g2)
local m = { n = { v = 1 } }
m.n.v, m.n = 2, { v = 3 }
print(m.n.v)
local k1, k2 = "x", "y"
local kv = {}
kv[k1], kv[k2], k1 = 1, 2, "z"
print(kv.x, kv.y, kv.z, k1)
local a1, a2, a3, a4, a5 = nil, false
print(a1, a2, a3, a4, a5)
do
  local v1, v1 = 1, 2
  print(v1)
end
local order = {}
local function idx(n) order[#order + 1] = n; return n end
local arr = {}
arr[idx(1)], arr[idx(2)] = idx(3), idx(4)
print(#order, arr[1], arr[2])
