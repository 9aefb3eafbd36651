-- Sieve of Eratosthenes, prime counting and twin primes.
local function sieve(n)
  local composite = {}
  local primes = {}
  for i = 2, n do
    if not composite[i] then
      primes[#primes + 1] = i
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return primes
end
local p = sieve(100)
local s = ""
for i = 1, #p do s = s .. p[i] .. " " end
print(#p, s)
local big = sieve(100000)
print(#big, big[#big], big[1000], big[5000])
local twins = 0
for i = 2, #big do if big[i] - big[i - 1] == 2 then twins = twins + 1 end end
print("twin pairs below 100000:", twins)
local gaps, maxgap, at = {}, 0, 0
for i = 2, #big do
  local g = big[i] - big[i - 1]
  gaps[g] = (gaps[g] or 0) + 1
  if g > maxgap then maxgap, at = g, big[i - 1] end
end
print("max gap", maxgap, "after", at, "gaps of 2:", gaps[2], "gaps of 6:", gaps[6])
local sum = 0
for i = 1, #big do sum = sum + big[i] end
print(sum)
