-- Mandelbrot: tight float loops with integer bit packing; prints a checksum of the bitmap.
N = N or 200
local w, h = N, N
local iter = 50
local sum, bits, nbits = 0, 0, 0
for y = 0, h - 1 do
  local ci = 2.0 * y / h - 1.0
  for x = 0, w - 1 do
    local cr = 2.0 * x / w - 1.5
    local zr, zi, zrq, ziq = 0.0, 0.0, 0.0, 0.0
    local inside = 1
    for _ = 1, iter do
      zi = 2.0 * zr * zi + ci
      zr = zrq - ziq + cr
      zrq = zr * zr; ziq = zi * zi
      if zrq + ziq > 4.0 then inside = 0; break end
    end
    bits = (bits << 1) | inside
    nbits = nbits + 1
    if nbits == 8 then sum = (sum * 31 + bits) % 1000000007; bits, nbits = 0, 0 end
  end
end
print(sum, bits, nbits)
