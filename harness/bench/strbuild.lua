-- String building: many small concatenations, joined by a balanced pairwise merge
-- (no table.concat, so the program runs on minimal standard libraries).
N = N or 20000
local function join(parts, lo, hi)
  if lo == hi then return parts[lo] end
  local mid = (lo + hi) // 2
  return join(parts, lo, mid) .. join(parts, mid + 1, hi)
end
local parts = {}
for i = 1, N do
  parts[i] = "<" .. i .. ":" .. (i * i % 97) .. (i % 3 == 0 and "fizz" or "") .. ">"
end
local s = join(parts, 1, N)
local line = ""
for i = 1, N // 20 do
  line = line .. "x"
  if #line > 64 then line = "" end
end
local h = 0
for i = 1, #s, 13 do h = (h * 31 + #s - i) % 1000000007 end
print(#s, #line, h)
