-- Sieve of Eratosthenes over a boolean array, repeated.
N = N or 200000
local count, last = 0, 0
for _ = 1, 3 do
  local composite = {}
  for i = 2, N do composite[i] = false end
  count = 0
  for i = 2, N do
    if not composite[i] then
      count = count + 1; last = i
      for j = i * i, N, i do composite[j] = true end
    end
  end
end
print(count, last)
