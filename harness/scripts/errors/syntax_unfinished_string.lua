print("before")
local s = "never closed
print(s)
