-- coroutine.wrap: iterators in generic for, arguments, multiple results, and the
-- wrapped function as a value.

local function chars(s)
  return coroutine.wrap(function()
    for i = 1, #s do coroutine.yield(i, s:sub(i, i)) end
  end)
end
for i, c in chars("wrap") do print(i, c) end

-- A wrapped function is an ordinary function value.
local w = coroutine.wrap(function(...) return select("#", ...), ... end)
print(type(w), select("#", w(nil, nil, nil)))

-- Multiple results from yields used in table constructors and calls.
local multi = coroutine.wrap(function()
  coroutine.yield(1, 2, 3)
  coroutine.yield()
  coroutine.yield(nil, "x")
end)
local t = {multi()}
print(#t, t[1], t[3])
print(select("#", multi()))
print(multi())
print(select("#", multi()))

-- Wrapped coroutines stored in tables and called as methods.
local obj = {count = 0}
obj.next = coroutine.wrap(function(self)
  while true do
    self.count = self.count + 1
    self = coroutine.yield(self.count)
  end
end)
print(obj:next(), obj:next(), obj:next())

-- A wrap inside a wrap: inner yields go to the outer coroutine's body only.
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function()
    coroutine.yield("inner 1")
    coroutine.yield("inner 2")
  end)
  coroutine.yield("outer got " .. inner())
  coroutine.yield("outer got " .. inner())
  return "outer end"
end)
print(outer())
print(outer())
print(outer())

-- State machine: a traffic light as a wrapped coroutine.
local light = coroutine.wrap(function()
  while true do
    coroutine.yield("green")
    coroutine.yield("yellow")
    coroutine.yield("red")
  end
end)
local seq = {}
for i = 1, 7 do seq[i] = light() end
print(table.concat(seq, " "))

-- Tail calls inside a wrapped coroutine, and yield in tail position.
local function tail_yield(n)
  if n == 0 then return coroutine.yield("tail") end
  return tail_yield(n - 1)
end
local tw = coroutine.wrap(function() return tail_yield(100000) end)
print(tw())
print(tw("resumed in tail"))

-- A wrapped function used as the __index of a table: each lookup resumes it.
local counter = coroutine.wrap(function()
  local n = 0
  while true do
    n = n + 1
    coroutine.yield(n)
  end
end)
local auto = setmetatable({}, {__index = function(_, k) return k .. counter() end})
print(auto.a, auto.b, auto.c)

-- Varargs pass through the first call unchanged.
local va = coroutine.wrap(function(...)
  local packed = {n = select("#", ...), ...}
  coroutine.yield(packed.n, packed[1], packed[packed.n])
  return ...
end)
print(va("first", nil, "last"))
print(va())
