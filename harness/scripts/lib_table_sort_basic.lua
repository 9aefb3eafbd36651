local function check(t, lt)
  for i = 2, #t do
    if lt then
      assert(not lt(t[i], t[i - 1]), "not sorted at " .. i)
    else
      assert(not (t[i] < t[i - 1]), "not sorted at " .. i)
    end
  end
end
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local e = {}
table.sort(e)
print(#e)
local one = {42}
table.sort(one)
print(one[1])
local two = {2, 1}
table.sort(two)
print(two[1], two[2])
local three = {3, 1, 2}
table.sort(three)
print(table.concat(three, ","))
local mixed = {3.5, 1, -2, 2.25, 0, -7.75, 10, 1e10, -1e-5}
table.sort(mixed)
print(table.concat(mixed, " "))
local s = {"pear", "apple", "fig", "banana", "Apple", "", "zz", "a"}
table.sort(s)
print(table.concat(s, ","))
-- already sorted, reversed, all equal
local asc, desc, same = {}, {}, {}
for i = 1, 300 do asc[i] = i; desc[i] = 301 - i; same[i] = 7 end
table.sort(asc); table.sort(desc); table.sort(same)
check(asc); check(desc); check(same)
print(asc[1], asc[300], desc[1], desc[300], same[150])
-- sort returns nothing
print(select("#", table.sort({3, 2, 1})))
