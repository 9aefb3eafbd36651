-- Hash table access: string keys, sparse integer keys, updates and deletions.
N = N or 50000
local words = {}
for i = 1, 200 do words[i] = "w" .. i .. "_" .. (i * 37 % 101) end
local counts = {}
local x = 1
for i = 1, N do
  x = (x * 1103515245 + 12345) % 2147483648
  local w = words[x % 200 + 1]
  counts[w] = (counts[w] or 0) + 1
end
local sparse = {}
for i = 1, N do sparse[i * 7919 % 1000003 * 3] = i end
local hits, total = 0, 0
for i = 1, N * 2 do
  local v = sparse[i * 3]
  if v then hits = hits + 1; total = total + v end
end
for i = 1, N, 2 do sparse[i * 7919 % 1000003 * 3] = nil end
local left = 0
for _, v in pairs(sparse) do left = left + v end
local distinct, maxc = 0, 0
for _, c in pairs(counts) do
  distinct = distinct + 1
  if c > maxc then maxc = c end
end
print(distinct, maxc, hits, total, left)
