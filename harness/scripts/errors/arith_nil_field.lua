local p = { x = 1 }
print(p.x + p.y)
