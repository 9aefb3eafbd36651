math.randomseed(1)
print(math.random(10, 1))
