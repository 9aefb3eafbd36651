local s = [[
never closed
print(s)
