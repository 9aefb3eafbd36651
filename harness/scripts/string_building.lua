-- Building strings: concatenation in loops, buffers joined by hand, formatting, repetition.
local function rep(s, n)
  local out = ""
  for _ = 1, n do out = out .. s end
  return out
end
local function join(t, sep)
  local out = ""
  for i = 1, #t do
    if i > 1 then out = out .. sep end
    out = out .. t[i]
  end
  return out
end
-- Doubling builds a long string fast.
local function rep_fast(s, n)
  local out, piece = "", s
  while n > 0 do
    if n % 2 == 1 then out = out .. piece end
    piece = piece .. piece
    n = n // 2
  end
  return out
end
print(rep("ab", 5), rep("", 10), rep("x", 0))
print(#rep_fast("abc", 1000), rep_fast("ab", 7) == rep("ab", 7))
local words = {}
for i = 1, 10 do words[i] = string.format("w%02d", i) end
print(join(words, ","))
print(join({}, ","), join({ "solo" }, ","))
-- A table of lines rendered as a box.
local lines = { "first", "second line", "3rd" }
local width = 0
for _, l in ipairs(lines) do if #l > width then width = #l end end
print("+" .. rep("-", width + 2) .. "+")
for _, l in ipairs(lines) do print("| " .. l .. rep(" ", width - #l) .. " |") end
print("+" .. rep("-", width + 2) .. "+")
-- A large string built piecewise, then measured.
local buf = {}
for i = 1, 1000 do buf[#buf + 1] = tostring(i) end
local big = join(buf, "")
print(#big)
-- Interning: equal strings built differently are equal and usable as the same key.
local k1 = "key" .. 1
local k2 = "ke" .. "y1"
local t = { [k1] = "found" }
print(k1 == k2, t[k2], t["key1"])
-- Strings with embedded zeros.
local z = "a\0b" .. "\0c"
print(#z, z == "a\0b\0c")
-- Number formatting into a table.
local rows = {}
for i = 1, 5 do rows[i] = string.format("%3d | %8.3f | %-6s|", i, i / 7, rep("*", i)) end
for _, r in ipairs(rows) do print(r) end
-- FizzBuzz, the classic.
local fb = {}
for i = 1, 30 do
  fb[i] = (i % 15 == 0 and "FizzBuzz") or (i % 3 == 0 and "Fizz") or (i % 5 == 0 and "Buzz") or tostring(i)
end
print(join(fb, " "))
