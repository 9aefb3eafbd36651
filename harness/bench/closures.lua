-- Closures and upvalues: counters, accumulators, composition, shared upvalues in loops.
N = N or 100000
local function counter()
  local c = 0
  return function(d) c = c + d; return c end
end
local function compose(f, g) return function(x) return f(g(x)) end end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 % 1000003 end
local h = compose(inc, compose(dbl, inc))
local total = 0
for i = 1, N do
  local c = counter()
  c(i); c(1)
  total = (total + c(0) + h(i)) % 1000000007
end
local fs = {}
for i = 1, 100 do
  local shared = i
  fs[i] = {function() shared = shared + 1 end, function() return shared end}
end
for r = 1, N // 10 do
  local p = fs[r % 100 + 1]
  p[1]()
end
local s2 = 0
for i = 1, 100 do s2 = s2 + fs[i][2]() end
print(total, s2)
