-- Quicksort (Hoare partition) and merge sort, checked against each other.
local function quicksort(t, lo, hi)
  lo, hi = lo or 1, hi or #t
  if lo >= hi then return t end
  local p = t[(lo + hi) // 2]
  local i, j = lo, hi
  while i <= j do
    while t[i] < p do i = i + 1 end
    while t[j] > p do j = j - 1 end
    if i <= j then t[i], t[j] = t[j], t[i]; i = i + 1; j = j - 1 end
  end
  quicksort(t, lo, j)
  quicksort(t, i, hi)
  return t
end
local function mergesort(t)
  if #t <= 1 then return t end
  local mid = #t // 2
  local l, r = {}, {}
  for i = 1, mid do l[#l + 1] = t[i] end
  for i = mid + 1, #t do r[#r + 1] = t[i] end
  l, r = mergesort(l), mergesort(r)
  local out, i, j = {}, 1, 1
  while i <= #l and j <= #r do
    if l[i] <= r[j] then out[#out + 1] = l[i]; i = i + 1 else out[#out + 1] = r[j]; j = j + 1 end
  end
  while i <= #l do out[#out + 1] = l[i]; i = i + 1 end
  while j <= #r do out[#out + 1] = r[j]; j = j + 1 end
  return out
end
local seed = 42
local function rand() seed = (seed * 6364136223846793005 + 1442695040888963407); return (seed >> 33) % 10000 end
local a, b = {}, {}
for i = 1, 5000 do local v = rand(); a[i] = v; b[i] = v end
quicksort(a)
local m = mergesort(b)
local same = true
for i = 1, #a do if a[i] ~= m[i] then same = false end end
print(#a, #m, same, a[1], a[2500], a[5000])
local words = { "delta", "alpha", "echo", "charlie", "bravo", "foxtrot", "alpha" }
quicksort(words)
local s = ""
for i = 1, #words do s = s .. words[i] .. " " end
print(s)
local sorted = {}
for i = 1, 100 do sorted[i] = i end
quicksort(sorted)
print(sorted[1], sorted[50], sorted[100])
local rev = {}
for i = 1, 100 do rev[i] = 101 - i end
print(mergesort(rev)[1], mergesort(rev)[100])
local fl = quicksort({ 0.5, -2.25, 3, 1e-3, -0.0, 7 })
print(fl[1], fl[2], fl[3], fl[4], fl[5], fl[6])
