-- Recursion: Ackermann, Hanoi, mutual recursion, deep non-tail recursion.
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print(ack(2, 3), ack(3, 3), ack(3, 5))
local moves = {}
local function hanoi(n, from, to, via)
  if n == 0 then return 0 end
  local c = hanoi(n - 1, from, via, to)
  if #moves < 7 then moves[#moves + 1] = from .. to end
  return c + 1 + hanoi(n - 1, via, to, from)
end
print(hanoi(3, "A", "C", "B"), hanoi(16, "A", "C", "B"))
local s = ""
for i = 1, #moves do s = s .. moves[i] .. " " end
print(s)
local is_even, is_odd
function is_even(n) if n == 0 then return true end return not is_odd(n - 1) == false end
function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
print(is_even(10), is_odd(7), is_even(7))
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(15000))
local function sum_digits(n) if n < 10 then return n end return n % 10 + sum_digits(n // 10) end
print(sum_digits(9223372036854775807))
local function gcd(a, b) if b == 0 then return a end return gcd(b, a % b) end
print(gcd(1071, 462), gcd(17, 5), gcd(0, 9))
local function power_set(t, i, acc, out)
  i, acc, out = i or 1, acc or "", out or {}
  if i > #t then out[#out + 1] = "{" .. acc .. "}"; return out end
  power_set(t, i + 1, acc, out)
  power_set(t, i + 1, acc .. t[i], out)
  return out
end
local ps = power_set({ "a", "b", "c" })
local line = ""
for i = 1, #ps do line = line .. ps[i] .. " " end
print(#ps, line)
local function binom(n, k) if k == 0 or k == n then return 1 end return binom(n - 1, k - 1) + binom(n - 1, k) end
print(binom(20, 10), binom(10, 3))
