-- Matrix multiply, transpose, identity, powers (integer and float), determinant.
local function new(r, c, f)
  local m = { rows = r, cols = c }
  for i = 1, r do
    m[i] = {}
    for j = 1, c do m[i][j] = f(i, j) end
  end
  return m
end
local function mul(a, b)
  assert(a.cols == b.rows, "shape mismatch")
  return new(a.rows, b.cols, function(i, j)
    local s = 0
    for k = 1, a.cols do s = s + a[i][k] * b[k][j] end
    return s
  end)
end
local function transpose(a) return new(a.cols, a.rows, function(i, j) return a[j][i] end) end
local function show(m)
  for i = 1, m.rows do
    local line = ""
    for j = 1, m.cols do line = line .. string.format("%6s", tostring(m[i][j])) end
    print(line)
  end
end
local a = new(2, 3, function(i, j) return i + j end)
local b = new(3, 2, function(i, j) return i * j end)
show(mul(a, b))
show(transpose(a))
local id = new(3, 3, function(i, j) return i == j and 1 or 0 end)
show(mul(b, transpose(b)))
local fibm = new(2, 2, function(i, j) return (i == 2 and j == 2) and 0 or 1 end)
local p = new(2, 2, function(i, j) return i == j and 1 or 0 end)
for _ = 1, 50 do p = mul(p, fibm) end
print(p[1][2], p[1][1])
local h = new(4, 4, function(i, j) return 1 / (i + j - 1) end)
local hh = mul(h, h)
print(string.format("%.6f %.6f %.6f", hh[1][1], hh[2][3], hh[4][4]))
local function det(m)
  local n = m.rows
  local c = new(n, n, function(i, j) return m[i][j] + 0.0 end)
  local d = 1.0
  for col = 1, n do
    local piv = col
    for r = col + 1, n do if (c[r][col] < 0 and -c[r][col] or c[r][col]) > (c[piv][col] < 0 and -c[piv][col] or c[piv][col]) then piv = r end end
    if c[piv][col] == 0 then return 0.0 end
    if piv ~= col then c[piv], c[col] = c[col], c[piv]; d = -d end
    d = d * c[col][col]
    for r = col + 1, n do
      local f = c[r][col] / c[col][col]
      for k = col, n do c[r][k] = c[r][k] - f * c[col][k] end
    end
  end
  return d
end
print(det(id), det(new(3, 3, function(i, j) return i * 3 + j end)))
print(string.format("%.10g", det(new(3, 3, function(i, j) return (i * 7 + j * 13) % 11 end))))
print(pcall(mul, a, a))
local big = new(30, 30, function(i, j) return (i * j) % 7 end)
local sq = mul(big, big)
local tr = 0
for i = 1, 30 do tr = tr + sq[i][i] end
print(tr, sq[30][30], sq[1][30])
