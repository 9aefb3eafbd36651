local function fib(n)
  if n < 2 then
    return n
  end
  return fib(n - 1) + fib(n - 2)
end

local memo = {}
local function mfib(n)
  local v = memo[n]
  if v then return v end
  if n < 2 then v = n else v = mfib(n - 1) + mfib(n - 2) end
  memo[n] = v
  return v
end

local function ifib(n)
  local a, b = 0, 1
  for _ = 1, n do
    a, b = b, a + b
  end
  return a
end

print(fib(20), mfib(80), ifib(90))
