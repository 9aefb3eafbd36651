-- table.move checks its three positions before the source table, as lua5.4 does (found
-- by the differential fuzz target).
print(pcall(table.move, nil, 1, 2, 3))
print(pcall(table.move, 5, 1, 2))
print(pcall(table.move, {}, 1, 2, 3, 7))
print(pcall(table.move, nil, "x"))
table.move(nil, -2, 2)
