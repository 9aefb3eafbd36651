local s = "h€llo"
print(utf8.offset(s, 2, 3))
