-- A small ASCII Mandelbrot set: float arithmetic in tight loops, string building.
local w, h, iters = 40, 16, 50
for y = 0, h - 1 do
  local ci = (y / h) * 2.4 - 1.2
  local line = ""
  for x = 0, w - 1 do
    local cr = (x / w) * 3.2 - 2.2
    local zr, zi, n = 0.0, 0.0, 0
    while n < iters and zr * zr + zi * zi <= 4.0 do
      zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci
      n = n + 1
    end
    line = line .. (n == iters and "#" or n > 10 and "+" or n > 4 and "." or " ")
  end
  print(line)
end
local inside = 0
for y = -100, 100 do
  for x = -200, 60 do
    local cr, ci = x / 100, y / 100
    local zr, zi, n = 0.0, 0.0, 0
    while n < 30 and zr * zr + zi * zi <= 4.0 do
      zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci
      n = n + 1
    end
    if n == 30 then inside = inside + 1 end
  end
end
print(inside)
