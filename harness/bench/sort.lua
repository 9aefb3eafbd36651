-- Sorting written in Lua: quicksort, heapsort and insertion sort on pseudo-random data.
N = N or 30000
local seed = 42
local function rand(m)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % m
end
local function quicksort(a, lo, hi)
  while lo < hi do
    local p = a[(lo + hi) // 2]
    local i, j = lo, hi
    while i <= j do
      while a[i] < p do i = i + 1 end
      while a[j] > p do j = j - 1 end
      if i <= j then a[i], a[j] = a[j], a[i]; i = i + 1; j = j - 1 end
    end
    if j - lo < hi - i then quicksort(a, lo, j); lo = i
    else quicksort(a, i, hi); hi = j end
  end
end
local function heapsort(a, n)
  local function sift(start, stop)
    local root = start
    while root * 2 <= stop do
      local child = root * 2
      if child < stop and a[child] < a[child + 1] then child = child + 1 end
      if a[root] < a[child] then a[root], a[child] = a[child], a[root]; root = child
      else return end
    end
  end
  for s = n // 2, 1, -1 do sift(s, n) end
  for stop = n, 2, -1 do a[1], a[stop] = a[stop], a[1]; sift(1, stop - 1) end
end
local function insertion(a, n)
  for i = 2, n do
    local v, j = a[i], i - 1
    while j >= 1 and a[j] > v do a[j + 1] = a[j]; j = j - 1 end
    a[j + 1] = v
  end
end
local function checksum(a, n)
  local h = 0
  for i = 1, n do
    if i > 1 and a[i - 1] > a[i] then return -1 end
    h = (h * 31 + a[i]) % 1000000007
  end
  return h
end
local a, b = {}, {}
for i = 1, N do a[i] = rand(1000000); b[i] = a[i] end
quicksort(a, 1, N)
heapsort(b, N)
local m = N // 20
local c = {}
for i = 1, m do c[i] = rand(1000) end
insertion(c, m)
local strs = {}
for i = 1, N // 10 do strs[i] = "k" .. rand(100000) end
quicksort(strs, 1, #strs)
print(checksum(a, N), checksum(b, N), checksum(c, m), strs[1], strs[#strs])
