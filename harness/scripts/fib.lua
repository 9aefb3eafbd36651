-- Fibonacci: naive recursion, iteration, memoisation, and integer overflow at fib(93).
local function fib_rec(n) if n < 2 then return n end return fib_rec(n - 1) + fib_rec(n - 2) end
local function fib_iter(n)
  local a, b = 0, 1
  for _ = 1, n do a, b = b, a + b end
  return a
end
local memo = {}
local function fib_memo(n)
  if n < 2 then return n end
  local v = memo[n]
  if v then return v end
  v = fib_memo(n - 1) + fib_memo(n - 2)
  memo[n] = v
  return v
end
print(fib_rec(20), fib_iter(20), fib_memo(20))
print(fib_rec(25))
for _, n in ipairs({ 30, 50, 80, 90, 92, 93, 100 }) do print(n, fib_iter(n), fib_memo(n)) end
local fl = 0.0
local a, b = 0.0, 1.0
for _ = 1, 100 do a, b = b, a + b end
print(a)
local s = ""
for i = 0, 15 do s = s .. fib_iter(i) .. " " end
print(s)
