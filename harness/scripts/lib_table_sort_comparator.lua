-- sorting records by key; equal keys are never printed in order-dependent ways
local people = {
  {name = "ann", age = 31}, {name = "bob", age = 25}, {name = "cat", age = 40},
  {name = "dan", age = 25}, {name = "eve", age = 35}, {name = "fay", age = 19},
}
table.sort(people, function(a, b) return a.name > b.name end)
local names = {}
for i, p in ipairs(people) do names[i] = p.name end
print(table.concat(names, " "))
table.sort(people, function(a, b)
  if a.age ~= b.age then return a.age < b.age end
  return a.name < b.name
end)
for i, p in ipairs(people) do names[i] = p.name .. ":" .. p.age end
print(table.concat(names, " "))
-- comparator counting calls: must be called, and only with elements of the array
local calls, bad = 0, false
local set = {}
local t = {}
for i = 1, 50 do t[i] = (i * 37) % 50; set[t[i]] = true end
table.sort(t, function(a, b)
  calls = calls + 1
  if not set[a] or not set[b] then bad = true end
  return a < b
end)
print(calls > 0, bad, t[1], t[50])
-- comparator returning non-boolean truthy values
local u = {3, 1, 2}
table.sort(u, function(a, b) if a < b then return "yes" else return nil end end)
print(table.concat(u, ","))
-- sort by string length then alphabetically
local words = {"kiwi", "fig", "banana", "apple", "date", "plum", "cherry"}
table.sort(words, function(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end)
print(table.concat(words, " "))
-- errors raised inside the comparator propagate
print(pcall(table.sort, {1, 2, 3}, function(a, b) error("boom") end))
local ok, e = pcall(table.sort, {1, 2, 3}, function(a, b) error({code = 7}) end)
print(ok, type(e), e.code)
