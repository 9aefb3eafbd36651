-- coroutine.close: pending to-be-closed variables run, errors in them are returned,
-- and the coroutine is dead afterwards.

local function closer(name, log, fail)
  return setmetatable({}, {__close = function(_, err)
    log[#log + 1] = name .. ":" .. tostring(err)
    if fail then error(fail, 0) end
  end})
end

-- Suspended with two pending variables: both close, newest first, with no error.
local log = {}
local co = coroutine.create(function()
  local a <close> = closer("a", log)
  local b <close> = closer("b", log)
  coroutine.yield("suspended")
  log[#log + 1] = "never"
end)
print(coroutine.resume(co))
print(coroutine.status(co), #log)
print(coroutine.close(co))
print(coroutine.status(co), #log, log[1], log[2])
print(coroutine.resume(co))

-- A __close that raises: close returns false and the error; the earlier variable
-- sees that error.
local log2 = {}
local co2 = coroutine.create(function()
  local a <close> = closer("a", log2)
  local b <close> = closer("b", log2, "close failed")
  local c <close> = closer("c", log2)
  coroutine.yield()
end)
coroutine.resume(co2)
print(coroutine.close(co2))
print(#log2, log2[1], log2[2], log2[3])
print(coroutine.status(co2))

-- Error objects from __close keep their type.
local co3 = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function() error({code = 7}) end})
  coroutine.yield()
end)
coroutine.resume(co3)
local ok, e = coroutine.close(co3)
print(ok, type(e), e.code)

-- Closing dead coroutines: one that finished, one that died with an error.
local done = coroutine.create(function() return 1 end)
coroutine.resume(done)
print(coroutine.close(done))
local died = coroutine.create(function() error("died here") end)
print(coroutine.resume(died))
print(coroutine.close(died))

-- A never-started coroutine closes trivially.
print(coroutine.close(coroutine.create(function() end)))

-- Closing a running or normal coroutine is an error.
local selfclose = coroutine.create(function()
  return pcall(coroutine.close, (coroutine.running()))
end)
print(coroutine.resume(selfclose))
local parent
parent = coroutine.create(function()
  local child = coroutine.create(function()
    return pcall(coroutine.close, parent)
  end)
  return coroutine.resume(child)
end)
print(coroutine.resume(parent))
print(pcall(coroutine.close, (coroutine.running())))

-- to-be-closed variables also close when the coroutine finishes or fails normally.
local log3 = {}
local fin = coroutine.wrap(function()
  local v <close> = closer("v", log3)
  coroutine.yield(1)
  return 2
end)
print(fin(), #log3)
print(fin(), #log3, log3[1])
local log4 = {}
local failing = coroutine.create(function()
  local v <close> = closer("w", log4)
  coroutine.yield()
  error("boom", 0)
end)
coroutine.resume(failing)
print(coroutine.resume(failing))
print(#log4, log4[1])

-- Closing inside a loop of many suspended coroutines.
local closed = 0
local list = {}
for i = 1, 50 do
  list[i] = coroutine.create(function()
    local c <close> = setmetatable({}, {__close = function() closed = closed + 1 end})
    coroutine.yield(i)
  end)
  coroutine.resume(list[i])
end
for i = 1, 50, 2 do coroutine.close(list[i]) end
print("closed", closed, coroutine.status(list[1]), coroutine.status(list[2]))
print(pcall(coroutine.close, 42))
