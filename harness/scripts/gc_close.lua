-- To-be-closed variables: __close runs on normal exit, break, return, goto out, error
-- and coroutine.close, newest first, and sees the error when there is one.
local function closer(name)
  return setmetatable({}, {__close = function(_, err)
    print("close", name, err ~= nil and tostring(err):match("[^:]*$") or nil)
  end})
end

do
  local a <close> = closer("a")
  local b <close> = closer("b")
  print("body")
end

for i = 1, 3 do
  local c <close> = closer("loop" .. i)
  if i == 2 then break end
end

local function ret()
  local d <close> = closer("ret")
  return "returned"
end
print(ret())

print(pcall(function()
  local e <close> = closer("err")
  error("boom")
end))

local co = coroutine.create(function()
  local f <close> = closer("co")
  coroutine.yield(1)
end)
print(coroutine.resume(co))
print(coroutine.close(co))

-- nil and false are allowed and ignored; other values without __close are errors.
do
  local n <close> = nil
  local f <close> = false
end
print(pcall(function() local x <close> = {} end))

-- A __close that errors replaces the error; the others still run.
print(pcall(function()
  local g <close> = closer("g")
  local h <close> = setmetatable({}, {__close = function() error("in close") end})
  error("original")
end))

-- Closing values survive a collection while their scope is open.
do
  local k <close> = closer("gc")
  collectgarbage()
  collectgarbage()
end
print("done")
