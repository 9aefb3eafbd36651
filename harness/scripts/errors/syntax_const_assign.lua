local x <const> = 1
print(x)
x = 2
