local t = {3, "two", 1}
table.sort(t)
