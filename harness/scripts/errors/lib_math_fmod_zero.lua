local a, b = 7, 0
print(math.fmod(a, b))
