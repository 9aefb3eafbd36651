local obj = setmetatable({}, { __name = "Widget" })
print(obj + 1)
