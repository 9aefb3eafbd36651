-- string.format reports a missing argument before it looks at the conversion, as lua5.4
-- does (found by the differential fuzz target: we reported the bad conversion).
print(pcall(string.format, "%\255"))
print(pcall(string.format, "%d %\255", 1))
print(pcall(string.format, "%5.5.5d", 1))
print(pcall(string.format, "%5.5.5d"))
