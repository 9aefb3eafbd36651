-- A pattern that ends with an escape character.
local pat = "abc%"
print(string.find("xxabc", pat))
