-- Memoisation with tables keyed by arguments, including a weak-free generic memoiser.
local function memoize(f)
  local cache = {}
  local hits = 0
  return function(n)
    local v = cache[n]
    if v ~= nil then hits = hits + 1; return v end
    v = f(n)
    cache[n] = v
    return v
  end, function() return hits end
end
local slow_calls = 0
local square, hits = memoize(function(n) slow_calls = slow_calls + 1; return n * n end)
for _ = 1, 3 do for i = 1, 10 do square(i) end end
print(slow_calls, hits(), square(7))
-- Memoised recursive function through an upvalue.
local ways
ways = memoize(function(n)
  if n < 0 then return 0 end
  if n == 0 then return 1 end
  return ways(n - 1) + ways(n - 2) + ways(n - 3)
end)
print(ways(10), ways(30), ways(60))
-- Two-argument memoisation with nested tables.
local grid_cache = {}
local function paths(r, c)
  if r == 0 or c == 0 then return 1 end
  local row = grid_cache[r]
  if not row then row = {}; grid_cache[r] = row end
  local v = row[c]
  if v then return v end
  v = paths(r - 1, c) + paths(r, c - 1)
  row[c] = v
  return v
end
print(paths(2, 2), paths(10, 10), paths(16, 16))
-- Memoising on string keys.
local lens = memoize(function(s) return #s * 2 end)
print(lens("abc"), lens("abc"), lens(""))
