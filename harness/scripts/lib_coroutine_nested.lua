-- Coroutines resuming coroutines: statuses along the chain, values travelling through
-- several levels, and symmetric transfer built on top of asymmetric coroutines.

local function st(co) return coroutine.status(co) end

local c1, c2, c3
c3 = coroutine.create(function(x)
  print("c3 start", x, st(c1), st(c2), st(c3))
  local y = coroutine.yield(x .. ">c3")
  print("c3 resumed", y, st(c1), st(c2))
  return "c3 end"
end)
c2 = coroutine.create(function(x)
  print("c2 start", x, st(c1), st(c2), st(c3))
  local ok, v = coroutine.resume(c3, x .. ">c2")
  print("c2 got", ok, v)
  local y = coroutine.yield(v .. ">c2")
  print("c2 resumed", y)
  ok, v = coroutine.resume(c3, y)
  print("c2 got", ok, v, st(c3))
  return "c2 end"
end)
c1 = coroutine.create(function(x)
  local ok, v = coroutine.resume(c2, x .. ">c1")
  print("c1 got", ok, v, st(c2))
  local y = coroutine.yield(v)
  ok, v = coroutine.resume(c2, y)
  print("c1 got", ok, v, st(c2))
  return "c1 end"
end)

print("main got", coroutine.resume(c1, "main"))
print(st(c1), st(c2), st(c3))
print("main got", coroutine.resume(c1, "again"))
print(st(c1), st(c2), st(c3))

-- Symmetric coroutines: a dispatcher transfers control between named tasks.
local tasks = {}
local order = {}
local function transfer(to, v) return coroutine.yield(to, v) end

tasks.a = coroutine.create(function(v)
  for i = 1, 3 do
    order[#order + 1] = "a" .. i .. ":" .. tostring(v)
    v = transfer("b", v + 1)
  end
  return transfer(nil, v)
end)
tasks.b = coroutine.create(function(v)
  for i = 1, 3 do
    order[#order + 1] = "b" .. i .. ":" .. tostring(v)
    v = transfer(i % 2 == 1 and "c" or "a", v * 2)
  end
end)
tasks.c = coroutine.create(function(v)
  while true do
    order[#order + 1] = "c:" .. tostring(v)
    v = transfer("a", v - 1)
  end
end)

local current, value = "a", 1
while current do
  local ok, nxt, v = coroutine.resume(tasks[current], value)
  assert(ok, nxt)
  current, value = nxt, v
end
print(table.concat(order, " "))
print("final", value, st(tasks.a), st(tasks.b), st(tasks.c))

-- An error deep in a chain surfaces level by level.
local function chain(n)
  if n == 0 then error("bottom of chain", 0) end
  local c = coroutine.create(chain)
  local ok, e = coroutine.resume(c, n - 1)
  error(e .. " <" .. n, 0)
end
print(coroutine.resume(coroutine.create(chain), 5))

-- A coroutine that resumes a generator it was handed, yielding what it gets.
local function gen(n)
  return coroutine.create(function()
    for i = 1, n do coroutine.yield(i * i) end
  end)
end
local relay = coroutine.wrap(function(g)
  while true do
    local ok, v = coroutine.resume(g)
    if not ok or v == nil then break end
    coroutine.yield("relayed " .. v)
  end
  return "relay done"
end)
local g = gen(3)
print(relay(g))
print(relay())
print(relay())
print(relay())
