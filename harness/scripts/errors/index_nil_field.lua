local t = {}
print("before")
print(t.x.y)
