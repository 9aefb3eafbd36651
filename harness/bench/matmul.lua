-- Matrix multiply: two-dimensional tables of floats, row-major with a hoisted row.
N = N or 60
local function matrix(n, seed)
  local m = {}
  for i = 1, n do
    local row = {}
    for j = 1, n do row[j] = ((i * 31 + j * 17 + seed) % 100) / 10.0 end
    m[i] = row
  end
  return m
end
local function mul(a, b, n)
  local c = {}
  for i = 1, n do
    local ci, ai = {}, a[i]
    for j = 1, n do ci[j] = 0.0 end
    for k = 1, n do
      local aik, bk = ai[k], b[k]
      for j = 1, n do ci[j] = ci[j] + aik * bk[j] end
    end
    c[i] = ci
  end
  return c
end
local a, b = matrix(N, 1), matrix(N, 7)
local c = mul(mul(a, b, N), a, N)
local tr = 0.0
for i = 1, N do tr = tr + c[i][i] + c[i][N + 1 - i] end
print((tr * 1000 + 0.5) // 1 | 0)
