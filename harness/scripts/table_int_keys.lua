-- scattered integer keys, traversal, lengths and removal
local t = {}
for i = 10, 1, -1 do t[i * 3] = i end
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys)
print(#keys, table.concat(keys, ","))
local s = {}
for i = 2, 50 do s[i] = i end
print(#s, s[2], s[50], s[51])
s[50] = nil
print(#s)
for i = 2, 49 do s[i] = nil end
print(#s, next(s))
local r = {}
for i = 100, 1, -1 do r[i] = true end
print(#r)
local cnt = 0
for k, v in pairs(r) do cnt = cnt + 1; r[k] = nil end
print(cnt, next(r))
local m = {}
for i = 1, 20 do m[i * i] = i end
m.x = 1
local n = 0
for k, v in pairs(m) do n = n + 1 end
print(n, #m >= 0)
local t = {}
for i = 2, 10 do t[i] = i end
print(#t)
local u = {}
for i = 2, 100, 2 do u[i] = i end
print(#u)
local w = {}
w[3]=1 w[4]=1 w[5]=1
print(#w)
local t = {}
local out = {}
for i = 50, 2, -1 do t[i] = i; out[#out+1] = #t end
print(table.concat(out, " "))
t[1] = 1
print(#t)
