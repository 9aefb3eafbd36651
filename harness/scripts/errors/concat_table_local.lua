local t = {}
print("value: " .. t)
