local t = {}
t.x.y
print(t)
