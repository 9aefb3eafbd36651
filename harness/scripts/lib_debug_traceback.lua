-- debug.traceback: messages, levels, threads and long stacks, cut at the main chunk
-- (what lies below it depends on the host).
local function cut(s)
  local i = s:find("in main chunk", 1, true)
  return i and s:sub(1, i + #"in main chunk" - 1) or s
end
local function f(lvl) local s = debug.traceback("msg", lvl); return s end
local t = {}
function t.m(x) local s = f(x); return s end
print(cut(f()))
print(cut(t.m(1)))
print(cut(t.m(2)))
print(cut(t.m(0)))
print(t.m(50))
print(cut(debug.traceback()))
print(cut(debug.traceback(nil)))
print(debug.traceback(42) ~= 42, cut(debug.traceback(42)))
print(cut(debug.traceback(1.5, 1)))
local tab = {}
print(debug.traceback(tab) == tab, debug.traceback(true), debug.traceback(print) == print)
print(debug.traceback("neg", -1))
print(cut(debug.traceback("str level", "1")))
print(pcall(debug.traceback, "x", "a"))
print(pcall(debug.traceback, "x", {}))
print(cut(select(2, xpcall(function() error("boom") end, debug.traceback))))
print(cut(select(2, xpcall(function() local x = nil; x() end, debug.traceback))))
print(select(2, xpcall(function() error({}) end, debug.traceback)) ~= nil)
print(cut(select(2, xpcall(function() error("lvl2") end, function(m) return debug.traceback(m, 2) end))))
-- methods, upvalues, metamethods and library frames
local obj = {}
function obj:go() return cut(debug.traceback("meth")) .. "" end
print(obj:go())
local mt = setmetatable({}, {__index = function(_, k) return cut(debug.traceback(k)) end})
print(mt.key)
print(cut(table.concat({("x"):gsub("x", function() return debug.traceback("in gsub") end)}, "", 1, 1)))
local sorted
table.sort({3, 1, 2}, function(a, b) sorted = sorted or debug.traceback("cmp"); return a < b end)
print(cut(sorted))
-- coroutines: a suspended thread starts at level 0, the running one at level 1
local co = coroutine.create(function(a)
  local function g() coroutine.yield(1) end
  g()
end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "hi"))
print(debug.traceback(co, "hi", 1))
print(debug.traceback(co, nil, 2))
print(debug.traceback(co, nil, 9))
print(debug.traceback(co, {}) ~= nil)
print(debug.traceback(coroutine.create(print), "fresh"))
local dead = coroutine.create(function() end)
coroutine.resume(dead)
print(debug.traceback(dead, "dead"))
print(cut(debug.traceback(coroutine.running(), "self")))
print(coroutine.wrap(function() return debug.traceback("inside") end)())
print(coroutine.wrap(function() return debug.traceback(coroutine.running(), "inside", 0) end)())
-- long stacks keep the first ten and the last eleven levels
local function r(n) if n == 0 then return debug.traceback("deep") end local s = r(n - 1); return s end
print(cut(r(30)))
print(cut(r(19)))
print(cut(r(20)))
print(cut(r(21)))
print(coroutine.wrap(function() local s = r(25); return s end)())
-- Found by the differential fuzzer (session 9): the message is a C string to lua5.4, so
-- it ends at its first NUL.
print(cut(debug.traceback("before\0after")))
print((cut(debug.traceback("\0hidden", 1)):sub(1, 17)))
