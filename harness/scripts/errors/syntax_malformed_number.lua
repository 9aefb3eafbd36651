local n = 3..4
print(n)
