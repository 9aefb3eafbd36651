local parts = {"a", "b", {}, "d"}
print(table.concat(parts, ", "))
