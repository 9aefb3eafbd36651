-- coroutine.status in every state, coroutine.running and coroutine.isyieldable.

local main, ismain = coroutine.running()
print("main running", type(main), ismain)
print("main status", coroutine.status(main))
print("main yieldable", coroutine.isyieldable())

local outer
local inner = coroutine.create(function()
  print("inner sees outer", coroutine.status(outer))
  print("inner sees itself", coroutine.status((coroutine.running())))
  print("inner sees main", coroutine.status(main))
  print("inner yieldable", coroutine.isyieldable())
  coroutine.yield()
  print("inner again, outer is", coroutine.status(outer))
end)

outer = coroutine.create(function()
  local me, im = coroutine.running()
  print("outer running", me == outer, im)
  print("outer sees itself", coroutine.status(me))
  print("outer sees inner", coroutine.status(inner))
  print("outer yieldable", coroutine.isyieldable())
  print("resume inner", coroutine.resume(inner))
  print("outer sees inner", coroutine.status(inner))
  coroutine.yield("paused")
  print("resume inner", coroutine.resume(inner))
  print("outer sees inner", coroutine.status(inner))
  return "bye"
end)

print("created", coroutine.status(outer))
print(coroutine.resume(outer))
print("after yield", coroutine.status(outer))
print(coroutine.resume(outer))
print("finished", coroutine.status(outer))

-- An erroring coroutine is dead too.
local bad = coroutine.create(function() error("oops", 0) end)
print(coroutine.resume(bad))
print("after error", coroutine.status(bad))

-- wrap: running inside reports the hidden coroutine.
local w
w = coroutine.wrap(function()
  local co, ismain2 = coroutine.running()
  print("wrap running", type(co), ismain2, coroutine.status(co))
  coroutine.yield()
end)
w()

-- isyieldable in a coroutine called through pcall and through a metamethod.
local y = coroutine.wrap(function()
  print("in pcall", pcall(coroutine.isyieldable))
  local t = setmetatable({}, {__index = function() return coroutine.isyieldable() end})
  print("in __index", t.anything)
  return "ok"
end)
print(y())

-- running inside a coroutine resumed from another coroutine.
local a = coroutine.create(function()
  local b = coroutine.create(function()
    local me = coroutine.running()
    return coroutine.status(me), select(2, coroutine.running())
  end)
  return coroutine.resume(b)
end)
print(coroutine.resume(a))

-- status of a closed coroutine, and of one closed before starting.
local c = coroutine.create(function() coroutine.yield() end)
coroutine.resume(c)
print(coroutine.close(c), coroutine.status(c))
local fresh = coroutine.create(print)
print(coroutine.close(fresh), coroutine.status(fresh))
