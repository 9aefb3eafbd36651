local x = "abc"
print(math.floor(x))
