-- Ten thousand coroutines alive at once, each holding its own locals and upvalues.

local N = 10000
local cos = {}
local shared = 0
for i = 1, N do
  cos[i] = coroutine.create(function(a)
    local mine = a * 2
    while true do
      shared = shared + 1
      local inc = coroutine.yield(mine)
      mine = mine + inc
    end
  end)
end

local sum = 0
for i = 1, N do
  local ok, v = coroutine.resume(cos[i], i)
  assert(ok)
  sum = sum + v
end
print("first round", sum, shared)

-- Resume them in reverse, each with its own increment.
sum = 0
for i = N, 1, -1 do
  local _, v = coroutine.resume(cos[i], i)
  sum = sum + v
end
print("second round", sum, shared)

local suspended = 0
for i = 1, N do
  if coroutine.status(cos[i]) == "suspended" then suspended = suspended + 1 end
end
print("suspended", suspended)

-- Close every third one, then count again.
for i = 1, N, 3 do coroutine.close(cos[i]) end
local dead, alive = 0, 0
for i = 1, N do
  if coroutine.status(cos[i]) == "dead" then dead = dead + 1 else alive = alive + 1 end
end
print("dead", dead, "alive", alive)

-- Wrapped generators, all started and interleaved.
local gens = {}
for i = 1, N do
  gens[i] = coroutine.wrap(function()
    for k = 1, 3 do coroutine.yield(i * k) end
    return 0
  end)
end
local acc = 0
for round = 1, 4 do
  for i = 1, N do acc = acc + gens[i]() end
end
print("generators", acc)

-- Each coroutine keeps a closure over its own local; call them after the yields.
local getters = {}
local holders = {}
for i = 1, N do
  holders[i] = coroutine.wrap(function()
    local x = i
    getters[i] = function() return x end
    coroutine.yield()
    x = x * 10
    coroutine.yield()
  end)
  holders[i]()
end
local g1 = 0
for i = 1, N do g1 = g1 + getters[i]() end
for i = 1, N do holders[i]() end
local g2 = 0
for i = 1, N do g2 = g2 + getters[i]() end
print("upvalues", g1, g2)
