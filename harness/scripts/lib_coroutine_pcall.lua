-- Yielding across pcall and xpcall inside a coroutine, and errors caught after yields.

local co = coroutine.create(function(a)
  local ok, v = pcall(function(x)
    local y = coroutine.yield("in pcall", x)
    return y * 2
  end, a)
  print("pcall returned", ok, v)
  local ok2, e = pcall(function()
    coroutine.yield("before error")
    error("after yield")
  end)
  print("pcall caught", ok2, e)
  local ok3, e3 = xpcall(function()
    coroutine.yield("in xpcall")
    error({tag = "tbl"})
  end, function(m) return "handled " .. type(m) .. " " .. tostring(m.tag) end)
  print("xpcall caught", ok3, e3)
  return "finished"
end)

print(coroutine.resume(co, 10))
print(coroutine.resume(co, 21))
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.status(co))

-- Nested pcalls, yielding from the innermost, values flowing back out.
local nest = coroutine.wrap(function()
  return pcall(pcall, pcall, function()
    local v = coroutine.yield("deep")
    return "got " .. v
  end)
end)
print(nest())
print(nest("it"))

-- An error inside pcall inside a coroutine does not kill the coroutine.
local survivor = coroutine.create(function()
  for i = 1, 3 do
    local ok, e = pcall(error, "round " .. i, 0)
    coroutine.yield(ok, e)
  end
  return "alive"
end)
for _ = 1, 4 do print(coroutine.resume(survivor)) end

-- pcall around a resume: the error comes back as a value, pcall itself succeeds.
local inner = coroutine.create(function() error("inner failure", 0) end)
print(pcall(coroutine.resume, inner))

-- A pcall'd function yields many times in a loop.
local looper = coroutine.wrap(function()
  local total = 0
  local ok = pcall(function()
    for i = 1, 5 do total = total + coroutine.yield(i) end
  end)
  return "total", ok, total
end)
local v = looper()
while type(v) == "number" do
  local r1, r2, r3 = looper(v * 10)
  if r1 == "total" then print(r1, r2, r3) break end
  v = r1
end

-- xpcall's handler runs while the coroutine stays alive; traceback-free message.
local xp = coroutine.create(function()
  local ok, m = xpcall(function()
    coroutine.yield(1)
    local t = nil
    return t.field
  end, function(msg) return "H:" .. msg end)
  coroutine.yield(ok, m)
  return "end"
end)
print(coroutine.resume(xp))
print(coroutine.resume(xp))
print(coroutine.resume(xp))

-- to-be-closed variables inside a pcall'd function in a coroutine, closed on error.
local log = {}
local tb = coroutine.wrap(function()
  local ok, e = pcall(function()
    local c <close> = setmetatable({}, {__close = function(_, err) log[#log + 1] = tostring(err) end})
    coroutine.yield("holding")
    error("release", 0)
  end)
  return ok, e, log[1]
end)
print(tb())
print(tb())
