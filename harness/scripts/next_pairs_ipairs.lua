-- next, pairs and ipairs on arrays and hashes, with modification during traversal.
local function sort(t)
  for i = 2, #t do
    local v, j = t[i], i - 1
    while j >= 1 and t[j] > v do t[j + 1] = t[j]; j = j - 1 end
    t[j + 1] = v
  end
  return t
end
local function join(t) local s = "" for i = 1, #t do s = s .. tostring(t[i]) .. " " end return s end
print(next({}), next({}, nil))
print(next({ 10 }))
print(next({ 10 }, 1))
local t = { 1, 2, 3, a = "x", b = "y", [10] = "ten", [2.5] = "f" }
local ks = {}
for k in pairs(t) do ks[#ks + 1] = tostring(k) end
print(join(sort(ks)))
local cnt = 0
local k, v = next(t)
while k ~= nil do cnt = cnt + 1; k, v = next(t, k) end
print(cnt)
-- ipairs stops at the first nil.
local holes = { 1, 2, nil, 4 }
local n = 0
for i, v in ipairs(holes) do n = i end
print(n)
for i, v in ipairs({ "a", "b", "c" }) do print(i, v) end
for i, v in ipairs({}) do print("never") end
-- Clearing fields during traversal is allowed.
local big = {}
for i = 1, 100 do big["k" .. i] = i end
local sum = 0
for k, v in pairs(big) do sum = sum + v; big[k] = nil end
print(sum, next(big))
-- Assigning existing fields during traversal is allowed.
local upd = { a = 1, b = 2, c = 3 }
for k, v in pairs(upd) do upd[k] = v * 10 end
print(upd.a, upd.b, upd.c)
-- Traversal of an array visits every index once (in no promised order).
local arr = {}
for i = 1, 20 do arr[i] = i * i end
local seen, ksum, vsum = {}, 0, 0
for k, v in pairs(arr) do seen[#seen + 1] = k; ksum = ksum + k; vsum = vsum + v end
print(#seen, ksum, vsum, join(sort(seen)))
print(pcall(next, {}, "missing"))
print(pcall(next))
print(pcall(ipairs))
print(pcall(next, 1))
-- ipairs returns three values.
local f, s, c = ipairs(arr)
print(type(f), s == arr, c)
print(f(arr, 0), f(arr, 20), f(arr, 3))
-- Iterating with next directly and integer keys of a hash.
local sparse = { [100] = "a", [200] = "b", [-5] = "c" }
local sk = {}
for k in next, sparse do sk[#sk + 1] = k end
print(join(sort(sk)))
