-- Recursion and calls: naive Fibonacci plus Takeuchi's tak (three-argument recursion).
N = N or 27
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
local function tak(x, y, z)
  if y >= x then return z end
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
end
print(fib(N), tak(N // 2, N // 3, N // 6))
