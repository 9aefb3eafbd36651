-- select counts its extra arguments for any string that starts with '#', as lua5.4 looks
-- at the first character only (found by the differential fuzz target).
print(select("#", 1, 2, 3))
print(select("#x", 1, 2))
print(select("##", nil))
print(select("#\255", "a", "b", "c"))
print(pcall(select, "x#", 1))
print(select("2", "a", "b", "c"))
