-- Insertion sort and binary insertion sort on integers, floats, strings and records.
local function insertion(t, lt)
  lt = lt or function(a, b) return a < b end
  for i = 2, #t do
    local v, j = t[i], i - 1
    while j >= 1 and lt(v, t[j]) do t[j + 1] = t[j]; j = j - 1 end
    t[j + 1] = v
  end
  return t
end
local function show(t) local s = "" for i = 1, #t do s = s .. tostring(t[i]) .. " " end print(s) end
show(insertion({ 5, 2, 9, 1, 5, 6, -3, 0 }))
show(insertion({ 3.5, -1.25, 2, 2.0, 1e10, -1 / 0 }))
show(insertion({ "pear", "apple", "fig", "Banana", "apple pie", "" }))
show(insertion({ 1, 2, 3, 4, 5 }, function(a, b) return a > b end))
-- Stability on records with equal keys.
local recs = { { k = 2, n = "a" }, { k = 1, n = "b" }, { k = 2, n = "c" }, { k = 1, n = "d" } }
insertion(recs, function(a, b) return a.k < b.k end)
local s = ""
for _, r in ipairs(recs) do s = s .. r.k .. r.n .. " " end
print(s)
-- A pseudo-random array from a linear congruential generator.
local seed = 12345
local function rand(m) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m end
local data = {}
for i = 1, 300 do data[i] = rand(1000) end
insertion(data)
local ok = true
for i = 2, #data do if data[i - 1] > data[i] then ok = false end end
print(ok, data[1], data[150], data[300])
-- Binary insertion.
local function binsert(t, v)
  local lo, hi = 1, #t + 1
  while lo < hi do
    local mid = (lo + hi) // 2
    if t[mid] <= v then lo = mid + 1 else hi = mid end
  end
  for i = #t, lo, -1 do t[i + 1] = t[i] end
  t[lo] = v
end
local b = {}
for _, v in ipairs({ 7, 3, 9, 3, 1, 8 }) do binsert(b, v) end
show(b)
