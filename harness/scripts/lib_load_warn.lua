-- warn (kept with the loading functions of the base library): it returns nothing,
-- takes only strings (numbers converted), and "@on"/"@off" switch warnings. What it
-- writes goes to stderr, which the suite does not compare.

print(select("#", warn("@off")))
print(select("#", warn("not shown: warnings are off")))
print(select("#", warn("@on")))
print(select("#", warn("shown ", "in ", "pieces ", 1, " ", 2.5)))
print(select("#", warn("@unknown control is ignored")))
print(select("#", warn("@on", " is not a control when there are several pieces")))
print(select("#", warn("@off")))
print(select("#", warn("hidden again")))

print(pcall(warn))
print(pcall(warn, nil))
print(pcall(warn, {}))
print(pcall(warn, "a", {}))
print(pcall(warn, "a", nil))
print(pcall(warn, true))
print(type(warn))
