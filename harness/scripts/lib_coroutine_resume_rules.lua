-- Which coroutines can be resumed, and yields that have nowhere to go.

local dead = coroutine.create(function() return "once" end)
print(coroutine.resume(dead))
print(coroutine.resume(dead))
print(coroutine.resume(dead, 1, 2, 3))

-- A coroutine resuming itself.
local selfish
selfish = coroutine.create(function()
  return coroutine.resume(selfish)
end)
print(coroutine.resume(selfish))

-- Resuming a "normal" coroutine (one that is resuming another).
local a, b
a = coroutine.create(function()
  return coroutine.resume(b)
end)
b = coroutine.create(function()
  return coroutine.resume(a)
end)
print(coroutine.resume(a))
print(coroutine.status(a), coroutine.status(b))

-- The main thread cannot be resumed either.
local main = coroutine.running()
print(coroutine.resume(main))
print(coroutine.resume(coroutine.create(function() return coroutine.resume(main) end)))

-- Yield from the main thread.
print(pcall(coroutine.yield, 1))
print(select("#", pcall(coroutine.yield)))

-- wrap on a dead coroutine raises, with the caller's position.
local w = coroutine.wrap(function() return 1 end)
print(w())
print(pcall(w))
local function again() return w() end
print(pcall(again))

-- wrap calling itself recursively.
local rec
rec = coroutine.wrap(function() return rec() end)
print(pcall(rec))

-- Resuming with a non-coroutine.
print(pcall(coroutine.resume, {}))
print(pcall(coroutine.resume))
print(pcall(coroutine.status, "x"))
print(pcall(coroutine.create))
print(pcall(coroutine.wrap, nil))
print(pcall(coroutine.close, {}))

-- Functions that are not Lua functions as coroutine bodies.
print(coroutine.resume(coroutine.create(print), "native", "body"))
print(coroutine.resume(coroutine.create(select), "#", 1, 2))
print(coroutine.wrap(string.rep)("ab", 3))
local yielder = coroutine.create(coroutine.yield)
print(coroutine.resume(yielder, "passed", "through"))
print(coroutine.resume(yielder, "back"))
print(coroutine.status(yielder))

-- A yield in a coroutine resumed from inside a callable table.
local callable = setmetatable({}, {__call = function(_, x) return coroutine.yield(x * 2) end})
local cy = coroutine.create(function(...) return callable(...) end)
print(coroutine.resume(cy, 21))
print(coroutine.resume(cy, "done"))
