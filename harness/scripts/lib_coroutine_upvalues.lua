-- Closures and upvalues shared between coroutines and the main thread: open upvalues
-- of a suspended coroutine seen from outside, and closed ones after it ends.

local get, set
local co = coroutine.create(function()
  local x = 1
  get = function() return x end
  set = function(v) x = v end
  coroutine.yield("x is " .. x)
  coroutine.yield("x is " .. x)
  x = x + 100
  coroutine.yield("x is " .. x)
  return x
end)

print(coroutine.resume(co))
print(get())
set(42)
print(coroutine.resume(co))
print(get())
print(coroutine.resume(co))
print(get())
print(coroutine.resume(co))
set(7)
print(get(), coroutine.status(co))

-- Several coroutines sharing one upvalue of the main chunk.
local counter = 0
local workers = {}
for i = 1, 5 do
  workers[i] = coroutine.wrap(function()
    while true do
      counter = counter + i
      coroutine.yield(counter)
    end
  end)
end
for round = 1, 3 do
  for i = 1, 5 do workers[i]() end
end
print("counter", counter)

-- Closures created in a loop inside a coroutine capture fresh variables per iteration.
local makers = coroutine.wrap(function()
  local fs = {}
  for i = 1, 3 do
    local j = i * 10
    fs[i] = function() j = j + 1 return i, j end
    coroutine.yield(fs[i])
  end
  return fs
end)
local f1 = makers()
local f2 = makers()
print(f1(), f1(), f2())
local f3 = makers()
local all = makers()
print(all[1](), all[3]())

-- A coroutine body that is itself a closure over a coroutine.
local producer = coroutine.wrap(function()
  for i = 1, 3 do coroutine.yield(i) end
end)
local consumer = coroutine.wrap(function()
  local sum = 0
  while true do
    local v = producer()
    if v == nil then break end
    sum = sum + v
    coroutine.yield(sum)
  end
  return "sum " .. sum
end)
print(consumer(), consumer(), consumer(), consumer())

-- Upvalue of a dead coroutine's frame still readable and writable.
local getter
local dead = coroutine.create(function(v)
  local captured = v
  getter = function(nv)
    if nv then captured = nv end
    return captured
  end
end)
coroutine.resume(dead, "kept")
print(coroutine.status(dead), getter(), getter("changed"), getter())
