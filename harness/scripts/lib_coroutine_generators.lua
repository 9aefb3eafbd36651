-- Generators built on coroutine.wrap and coroutine.create.

local function range(n, step)
  return coroutine.wrap(function()
    for i = 1, n, step or 1 do coroutine.yield(i) end
  end)
end

local t = {}
for i in range(10, 3) do t[#t + 1] = i end
print("range", t[1], t[2], t[3], t[4], t[5])

local function fib()
  return coroutine.wrap(function()
    local a, b = 0, 1
    while true do
      coroutine.yield(a)
      a, b = b, a + b
    end
  end)
end

local g = fib()
local out = {}
for _ = 1, 15 do out[#out + 1] = tostring(g()) end
print("fib", #out, out[1], out[2], out[10], out[15])

-- Permutations: the classic recursive generator from PiL.
local function permgen(a, n)
  n = n or #a
  if n <= 1 then
    coroutine.yield(a)
  else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end

local function permutations(a)
  local co = coroutine.create(function() permgen(a) end)
  return function()
    local _, res = coroutine.resume(co)
    return res
  end
end

local count = 0
for p in permutations({"a", "b", "c", "d"}) do
  count = count + 1
  if count <= 4 then print("perm", p[1] .. p[2] .. p[3] .. p[4]) end
end
print("permutations", count)

-- A generator over a tree, in order, with recursion inside the coroutine.
local tree = {v = 5, l = {v = 3, l = {v = 1}, r = {v = 4}}, r = {v = 8, l = {v = 7}, r = {v = 9}}}
local function walk(node)
  if node then
    walk(node.l)
    coroutine.yield(node.v)
    walk(node.r)
  end
end
local seq = {}
for v in coroutine.wrap(function() walk(tree) end) do seq[#seq + 1] = v end
local s = ""
for i = 1, #seq do s = s .. seq[i] .. " " end
print("inorder", s)

-- Two generators merged.
local function merge(g1, g2)
  return coroutine.wrap(function()
    local a, b = g1(), g2()
    while a or b do
      if b == nil or (a ~= nil and a <= b) then
        coroutine.yield(a); a = g1()
      else
        coroutine.yield(b); b = g2()
      end
    end
  end)
end
local m = {}
for v in merge(range(10, 2), range(10, 3)) do m[#m + 1] = v end
local ms = ""
for i = 1, #m do ms = ms .. m[i] .. "," end
print("merge", ms)

-- A generator finishing: the wrapped function returns its values once.
local gen = coroutine.wrap(function(a, b)
  local c = coroutine.yield(a + b)
  return "done", c
end)
print(gen(1, 2))
print(gen("x"))
print(pcall(gen))

-- Filtering generators.
local function filter(pred, gen)
  return coroutine.wrap(function()
    for v in gen do
      if pred(v) then coroutine.yield(v) end
    end
  end)
end
local evens = {}
for v in filter(function(x) return x % 2 == 0 end, range(20)) do evens[#evens + 1] = v end
print("evens", #evens, evens[1], evens[#evens])
