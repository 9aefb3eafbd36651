-- A coroutine that dies of an error keeps its call chain for the debug library until
-- coroutine.close, as lua5.4 leaves it: the post-mortem traceback idiom.
local function fail() local t = nil; return t.x end
local function middle(n) local r = fail(); return r, n end
local co = coroutine.create(function(a)
  local function g() local v = middle(a); return v end
  g()
end)
local ok, err = coroutine.resume(co, 1)
print(ok, err, coroutine.status(co))
print(debug.traceback(co))
print(debug.traceback(co, err))
print(debug.traceback(co, "from level 1", 1))
print(debug.traceback(co, "past the end", 10))
-- getinfo sees the same frames
for level = 0, 4 do
  local info = debug.getinfo(co, level, "Sln")
  if info then
    print(level, info.short_src, info.currentline, info.what, info.name, info.namewhat)
  else
    print(level, "no frame")
  end
end
print(debug.getinfo(co, 0, "f").func == fail)
-- locals of a dead coroutine are not shown here (lua5.4 shows them; see the README)
-- an error raised by a native called from the coroutine
local co2 = coroutine.create(function() return ("x"):rep(-1, {}) end)
print(coroutine.resume(co2))
print(debug.traceback(co2))
-- an error passing through a comparator and table.sort keeps the deepest frames
local co3 = coroutine.create(function()
  table.sort({3, 1, 2}, function(a, b) error("in comparator") end)
end)
print(coroutine.resume(co3))
print(debug.traceback(co3))
-- a protected error leaves nothing behind; a later unprotected one does
local co4 = coroutine.create(function()
  print(pcall(error, "caught"))
  coroutine.yield("after pcall")
  error("not caught")
end)
print(coroutine.resume(co4))
print(debug.traceback(co4))
print(coroutine.resume(co4))
print(debug.traceback(co4))
-- a coroutine that ended normally, or was closed after its error, shows no frames
local co5 = coroutine.create(function() return 1 end)
coroutine.resume(co5)
print(debug.traceback(co5, "ended"))
print(coroutine.close(co))
print(debug.traceback(co, "closed"))
print(debug.getinfo(co, 0))
-- coroutine.wrap re-raises in the resumer; the dead coroutine is out of reach there
local w = coroutine.wrap(function() error({code = 7}) end)
local ok2, e2 = pcall(w)
print(ok2, type(e2), e2.code)
-- collections while the dead coroutine is kept do not lose its frames
local co6 = coroutine.create(function() local function deep(n) if n == 0 then error("deep") end deep(n - 1) end deep(3) end)
coroutine.resume(co6)
collectgarbage()
collectgarbage()
print(debug.traceback(co6))
