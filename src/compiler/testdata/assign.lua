local a, b, c = 1, 2, 3
a, b = b, a
a, b, c = c, a
a, b = 1, 2, 3
a, b = f()
a, b, c = 1, f()
a = f(), 2
local t = {}
t[a], a = 1, 2
a, t[a] = 1, 2
t[1], t[2] = t[2], t[1]
t.x, t.y = 1
g1, g2 = 1, 2
g1, g2 = g2, g1
local i = 1
i, t[i] = i + 1, 20
t[i], i = 20, i + 1
local function up()
  a, b = b, a
  t.x, t = 1, nil
  g, t[1] = 1, 2
end
local x, y, z
x, y, z = nil, nil, nil
local u, v = nil
