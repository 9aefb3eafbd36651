local s
print(s.name)
