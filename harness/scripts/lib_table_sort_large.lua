-- larger sorts with a deterministic pseudo-random sequence
local seed = 12345
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
end
for _, n in ipairs{10, 99, 100, 101, 500, 2000, 10000} do
  local t = {}
  local sum = 0
  for i = 1, n do t[i] = rnd(1000); sum = sum + t[i] end
  table.sort(t)
  local ok, s2 = true, t[1]
  for i = 2, n do
    if t[i] < t[i - 1] then ok = false end
    s2 = s2 + t[i]
  end
  print(n, ok, sum == s2, t[1], t[n], t[n // 2])
end
-- organ pipe and sawtooth patterns
local pipe = {}
for i = 1, 1000 do pipe[i] = i <= 500 and i or 1001 - i end
table.sort(pipe)
print(pipe[1], pipe[2], pipe[999], pipe[1000])
local saw = {}
for i = 1, 1000 do saw[i] = i % 17 end
table.sort(saw, function(a, b) return a > b end)
print(saw[1], saw[1000], saw[500])
-- descending with a comparator on many equal keys
local eq = {}
for i = 1, 1000 do eq[i] = i % 3 end
table.sort(eq, function(a, b) return a < b end)
print(eq[1], eq[334], eq[335], eq[1000])
