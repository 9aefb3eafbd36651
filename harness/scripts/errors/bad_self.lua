local fmt = "%d"
print(fmt:format("x"))
