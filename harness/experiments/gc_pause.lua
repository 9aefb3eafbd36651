-- H3 GC pauses: keep N small tables alive, then time full collections, each after making
-- as much garbage again. Prints whether a collection freed anything, then one pause a line.
local live = {}
for i = 1, N do live[i] = {i, tostring(i)} end
local function garbage() for i = 1, N do local t = {i, i} end end
garbage()
local before = collectgarbage("count")
collectgarbage("collect")
print(collectgarbage("count") < before and "collector" or "no collector")
for r = 1, 31 do
  garbage()
  local t0 = os.clock()
  collectgarbage("collect")
  print(os.clock() - t0)
end
if #live ~= N then print("lost") end
