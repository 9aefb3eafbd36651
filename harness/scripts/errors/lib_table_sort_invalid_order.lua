local t = {5, 1, 4, 2, 3, 9, 8, 7, 6, 10}
table.sort(t, function(a, b) return true end)
