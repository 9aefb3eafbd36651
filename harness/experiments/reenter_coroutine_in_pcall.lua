-- H5 coroutine inside pcall: pcall resumes a coroutine that yields back (two re-entries
-- per iteration: pcall's call and the resume). DIRECT makes two plain Lua calls instead.
local count = 0
local co = coroutine.wrap(function()
  while true do count = count + 1; coroutine.yield(1) end
end)
local function step() count = count + 1; return 1 end
local function plain() return step() end
local v
if DIRECT then
  for i = 1, N do v = plain() end
else
  for i = 1, N do local ok; ok, v = pcall(co) end
end
print(count * 2)
