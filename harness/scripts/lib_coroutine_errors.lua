-- Errors inside coroutines: resume returns false and the error; wrap re-raises it
-- (adding the position for strings); error objects keep their identity.

local co = coroutine.create(function(x)
  local y = coroutine.yield(x + 1)
  error("bad value " .. tostring(y))
end)
print(coroutine.resume(co, 1))
print(coroutine.resume(co, "z"))
print(coroutine.status(co))
print(coroutine.resume(co))

-- Level 0 and level 2 messages.
print(coroutine.resume(coroutine.create(function() error("plain", 0) end)))
local function thrower() error("from caller", 2) end
print(coroutine.resume(coroutine.create(function()
  thrower()
end)))

-- Runtime errors raised by the VM inside a coroutine.
print(coroutine.resume(coroutine.create(function() local t = nil; return t.x end)))
print(coroutine.resume(coroutine.create(function() return 1 + {} end)))
print(coroutine.resume(coroutine.create(function() return #5 end)))
print(coroutine.resume(coroutine.create(function() undefined_global() end)))

-- Table error objects come back unchanged, through resume and through wrap.
local obj = {code = 42}
local ok, e = coroutine.resume(coroutine.create(function() error(obj) end))
print(ok, e == obj, e.code)
local ok2, e2 = pcall(coroutine.wrap(function() error(obj) end))
print(ok2, e2 == obj)

-- Non-string error values.
print(coroutine.resume(coroutine.create(function() error(12) end)))
print(coroutine.resume(coroutine.create(function() error(nil) end)))
print(coroutine.resume(coroutine.create(function() error(true) end)))
print(pcall(coroutine.wrap(function() error(3.5) end)))

-- wrap: string errors get the position of the code calling the wrapped function.
local w = coroutine.wrap(function() error("wrapped failure") end)
print(pcall(w))
local w0 = coroutine.wrap(function() error("no position", 0) end)
local function call_it() return w0() end
print(pcall(call_it))
local w2 = coroutine.wrap(function() local z; z() end)
print(pcall(w2))

-- An error object with __tostring, raised through two coroutine levels.
local E = setmetatable({}, {__tostring = function() return "custom error" end})
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function() error(E) end)
  inner()
end)
local ok3, e3 = pcall(outer)
print(ok3, e3 == E, tostring(e3))

-- Errors after several yields, and in a coroutine resumed by another coroutine.
local chain = coroutine.create(function()
  local sub = coroutine.create(function()
    coroutine.yield("sub 1")
    error("sub failed", 0)
  end)
  print("chain got", coroutine.resume(sub))
  print("chain got", coroutine.resume(sub))
  print("chain sees", coroutine.status(sub))
  error("chain failed", 0)
end)
print(coroutine.resume(chain))

-- An error in a coroutine with a pending pcall below the yield point... in another
-- coroutine: each coroutine has its own protected calls.
local p = coroutine.create(function()
  local ok4, v = pcall(function()
    local c = coroutine.create(function() error("inside", 0) end)
    local okc, ec = coroutine.resume(c)
    return "resume said " .. tostring(okc) .. " " .. ec
  end)
  return ok4, v
end)
print(coroutine.resume(p))

-- error() with a message built from resume results.
local count = 0
local ticker = coroutine.wrap(function()
  while true do
    count = count + 1
    if count > 3 then error("ticker exhausted at " .. count) end
    coroutine.yield(count)
  end
end)
print(ticker(), ticker(), ticker())
print(pcall(ticker))
print(pcall(ticker))
