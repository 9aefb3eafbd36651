-- Permutations by recursive swapping, and lexicographic next-permutation.
local function permute(a, n, out)
  n = n or #a
  if n <= 1 then
    local s = ""
    for i = 1, #a do s = s .. a[i] end
    out[#out + 1] = s
    return
  end
  for i = 1, n do
    a[i], a[n] = a[n], a[i]
    permute(a, n - 1, out)
    a[i], a[n] = a[n], a[i]
  end
end
local out = {}
permute({ "a", "b", "c" }, nil, out)
local s = ""
for i = 1, #out do s = s .. out[i] .. " " end
print(#out, s)
local function next_perm(a)
  local i = #a - 1
  while i >= 1 and a[i] >= a[i + 1] do i = i - 1 end
  if i < 1 then return false end
  local j = #a
  while a[j] <= a[i] do j = j - 1 end
  a[i], a[j] = a[j], a[i]
  local l, r = i + 1, #a
  while l < r do a[l], a[r] = a[r], a[l]; l = l + 1; r = r - 1 end
  return true
end
local p = { 1, 2, 3, 4 }
local count, lines = 1, {}
repeat
  if count <= 6 or count > 22 then lines[#lines + 1] = p[1] .. p[2] .. p[3] .. p[4] end
  count = count + 1
until not next_perm(p)
print(count - 1)
local l = ""
for i = 1, #lines do l = l .. lines[i] .. " " end
print(l)
local big = {}
for i = 1, 7 do big[i] = i end
local n = 1
while next_perm(big) do n = n + 1 end
print(n)
local dup = { 1, 1, 2, 2 }
local dn = 1
while next_perm(dup) do dn = dn + 1 end
print(dn)
