-- To-be-closed variables and coroutines: closing across yields, generic-for closing
-- values in coroutines, and errors while closing.

local log = {}
local function res(name)
  return setmetatable({name = name}, {__close = function(self, err)
    log[#log + 1] = self.name .. (err and (":" .. tostring(err)) or "")
  end})
end
local function flush()
  local s = table.concat(log, " ")
  log = {}
  return s
end

-- A variable opened before a yield is closed when the block ends after resuming.
local co = coroutine.wrap(function()
  do
    local r <close> = res("r1")
    coroutine.yield("inside block")
    log[#log + 1] = "block end"
  end
  coroutine.yield("after block")
  return "done"
end)
print(co(), flush())
print(co(), flush())
print(co(), flush())

-- The generic for's closing value, with a break inside a coroutine.
local function iter_with_close(n)
  local i = 0
  return function()
    i = i + 1
    if i <= n then return i end
  end, nil, nil, res("for-closer")
end
local fc = coroutine.wrap(function()
  for i in iter_with_close(10) do
    coroutine.yield(i)
    if i == 3 then break end
  end
  return "loop left"
end)
print(fc(), fc(), fc(), flush())
print(fc(), flush())

-- return from inside a for loop with a closing value, in a coroutine.
local rc = coroutine.wrap(function()
  for i in iter_with_close(5) do
    if i == 2 then return "returned at 2" end
    coroutine.yield(i)
  end
end)
print(rc(), flush())
print(rc(), flush())

-- Error in a coroutine body: pending variables wait for coroutine.close, which then
-- gets the error; the variables are closed once.
local failing = coroutine.create(function()
  local a <close> = res("a")
  local b <close> = res("b")
  coroutine.yield()
  error("fail", 0)
end)
coroutine.resume(failing)
print(coroutine.resume(failing))
print("before close:", flush())
print(coroutine.close(failing))
print("after close:", flush())
print(coroutine.close(failing))

-- With wrap the variables close at once, with the error.
local wf = coroutine.wrap(function()
  local a <close> = res("wa")
  coroutine.yield()
  error("wrap fail", 0)
end)
wf()
print(pcall(wf))
print("after wrap error:", flush())

-- A __close that errors while a wrapped coroutine fails replaces the error.
local wf2 = coroutine.wrap(function()
  local a <close> = setmetatable({}, {__close = function() error("close error", 0) end})
  error("original", 0)
end)
print(pcall(wf2))

-- Nested blocks close innermost first, across several yields.
local nb = coroutine.wrap(function()
  local o <close> = res("outer")
  do
    local m <close> = res("middle")
    do
      local i <close> = res("inner")
      coroutine.yield(1)
    end
    coroutine.yield(2)
  end
  coroutine.yield(3)
end)
print(nb(), flush())
print(nb(), flush())
print(nb(), flush())
print(nb(), flush())
