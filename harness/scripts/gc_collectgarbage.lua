-- collectgarbage options: results and effects, printing only what is deterministic.
print(collectgarbage("isrunning"))
print(collectgarbage("stop"), collectgarbage("isrunning"))
print(collectgarbage("restart"), collectgarbage("isrunning"))
-- (The mode at start differs: lua.c switches to generational, an embedded state does not.)
collectgarbage("incremental")
print(collectgarbage("generational"), collectgarbage("incremental"), collectgarbage("incremental"))
print(collectgarbage(), collectgarbage("collect"))
print(math.type(collectgarbage("count")))
print(type(collectgarbage("step")), type(collectgarbage("step", 100)))
print(collectgarbage("setpause", 150), collectgarbage("setpause", 200))
print(collectgarbage("setstepmul", 300), collectgarbage("setstepmul", 100))
print(pcall(collectgarbage, "bogus"))
print(pcall(collectgarbage, 1))

-- Garbage is reclaimed: the count goes back down after a burst of allocation.
collectgarbage()
local base = collectgarbage("count")
do
  local junk = {}
  for i = 1, 20000 do junk[i] = {i, tostring(i)} end
end
local peak = collectgarbage("count")
collectgarbage()
local after = collectgarbage("count")
print("grew", peak > base + 100, "shrank", after < peak - 100)

-- With the collector stopped, automatic collection waits; an explicit one still works.
collectgarbage("stop")
local before = collectgarbage("count")
for i = 1, 5000 do local _ = {i} end
print("stopped grows", collectgarbage("count") > before)
collectgarbage()
print("explicit collect", collectgarbage("count") < before + 50)
collectgarbage("restart")

-- Memory stays proportional to live data when a loop makes only garbage.
collectgarbage()
local start = collectgarbage("count")
local maxc = 0
for i = 1, 200000 do
  local t = {i, i + 1, {i}}
  if i % 1000 == 0 then
    local c = collectgarbage("count")
    if c > maxc then maxc = c end
  end
end
print("bounded", maxc < start + 20000)

-- Strings are collected too, and interning still gives equal strings afterwards.
local s1 = string.rep("x", 100) .. "tail"
collectgarbage()
local s2 = string.rep("x", 100) .. "tail"
print(s1 == s2, #s2)
for i = 1, 1000 do local _ = "str" .. i end
collectgarbage()
print(("str" .. 7) == "str7")
