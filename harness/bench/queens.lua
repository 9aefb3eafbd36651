-- N-queens: backtracking with arrays of booleans, counting every solution.
N = N or 8
local cols, d1, d2 = {}, {}, {}
local function place(row, n)
  if row > n then return 1 end
  local found = 0
  for c = 1, n do
    local a, b = row + c, row - c + n
    if not cols[c] and not d1[a] and not d2[b] then
      cols[c], d1[a], d2[b] = true, true, true
      found = found + place(row + 1, n)
      cols[c], d1[a], d2[b] = false, false, false
    end
  end
  return found
end
local total = 0
for n = 4, N do total = total * 100 + place(1, n) end
print(N, place(1, N), total)
