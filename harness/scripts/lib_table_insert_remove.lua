-- table.insert / table.remove on plain sequences
local function show(t) print(#t, table.concat(t, ",")) end
local t = {}
for i = 1, 5 do table.insert(t, i * 10) end
show(t)
table.insert(t, 1, 5)
table.insert(t, 3, 15)
table.insert(t, #t + 1, 99)
show(t)
print(table.remove(t))
print(table.remove(t, 1))
print(table.remove(t, 2))
show(t)
print(table.remove(t, #t + 1))
show(t)
local e = {}
print(table.remove(e), #e)
print(table.remove(e, 0), #e)
print(table.remove(e, #e), #e)
-- remove at 0 of an empty table, and at n+1
local z = {[0] = "zero"}
print(table.remove(z, 0), z[0])
local q = {"a", "b", "c"}
while #q > 0 do print(table.remove(q, 1), #q) end
-- inserting nil values
local n = {1, 2, 3}
table.insert(n, 2, nil)
print(n[1], n[2], n[3], n[4])
-- positions given as floats with integer values and numeric strings
local f = {"x"}
table.insert(f, 1.0, "w")
table.insert(f, "3", "y")
show(f)
print(select("#", table.insert({}, 1)))
