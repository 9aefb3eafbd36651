-- Array access: fill, prefix sums, reversal in place, strided reads.
N = N or 200000
local a = {}
for i = 1, N do a[i] = (i * 7919) % 1000 end
for i = 2, N do a[i] = (a[i] + a[i - 1]) % 1000003 end
local i, j = 1, N
while i < j do a[i], a[j] = a[j], a[i]; i = i + 1; j = j - 1 end
local sum = 0
for stride = 1, 7 do
  for k = 1, N, stride do sum = (sum + a[k] * stride) % 1000000007 end
end
local b = {}
for k = 1, N do b[k] = a[N + 1 - k] - a[k] end
local d = 0
for k = 1, N do d = d + b[k] end
print(#a, sum, d)
