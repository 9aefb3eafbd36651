local up1, up2 = 10, "s"
local function f(a, b, ...)
  local x = a + up1
  do local inner = 5 end
  local y = up2
  for i = 1, 2 do
    local j = i
    if i == 2 then
      for n = -3, 11 do print("L", n, debug.getlocal(1, n)) end
      -- the caller's temporaries: this call's function, its erased fixed arguments
      -- and the extra ones, up to where the vararg frame begins
      for n = 3, 9 do print("C", n, select("#", debug.getlocal(2, n)), (debug.getlocal(2, n))) end
      print("V", select(2, debug.getlocal(2, 5)), select(2, debug.getlocal(2, 6)),
        select(2, debug.getlocal(2, 7)), select(2, debug.getlocal(2, 8)))
    end
  end
  print(debug.getlocal(1, -1), debug.getlocal(1, -2))
  print(...)
  return x
end
f(1, 2, "va", "vb")
local function g(p, q)
  local r = p .. q
  print(debug.getlocal(2, 1), debug.getlocal(2, 3))
  return r
end
local function h(n) local m = n * 2; local s = g("a", "b"); return s end
h(4)
print(debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3), debug.getlocal(print, 1))
print(debug.getlocal(f, 0), debug.getlocal(f, -1))
print(pcall(debug.getlocal, 50, 1))
print(pcall(debug.getlocal, 1, "x"))
print(pcall(debug.getlocal, "y", 1))
print(pcall(debug.getlocal, 1))
print(debug.getlocal(0, 1))
print(debug.getlocal(0, 2))
print(debug.getlocal(0, 3))
-- a suspended coroutine's locals, read from outside
local co = coroutine.create(function(x, ...)
  local y = x * 2
  local got = coroutine.yield()
  print("co sees", x, y, got, ...)
end)
coroutine.resume(co, 5, "e1", "e2")
print(debug.getlocal(co, 1, 1), debug.getlocal(co, 1, 2), debug.getlocal(co, 1, 3))
print(debug.getlocal(co, 1, -1), debug.getlocal(co, 1, -2), debug.getlocal(co, 1, -3))
print(pcall(debug.getlocal, co, 5, 1))
coroutine.resume(co, "resumed")
-- upvalues
print(debug.getupvalue(f, 1), debug.getupvalue(f, 2), debug.getupvalue(f, 3), debug.getupvalue(f, 0))
print(select("#", debug.getupvalue(f, 3)), select("#", debug.getupvalue(f, 9)))
print(debug.setupvalue(f, 1, 20), up1, debug.setupvalue(f, 5, 1))
print(select("#", debug.setupvalue(f, 5, 1)))
print(pcall(debug.getupvalue, 1, 1))
print(pcall(debug.getupvalue, f))
print(pcall(debug.getupvalue, f, "z"))
print(pcall(debug.setupvalue, f, 1))
print(select("#", debug.getupvalue(print, 1)))
local function counter()
  local c = 0
  return function() c = c + 1; return c end
end
local c1 = counter()
c1(); c1()
print(debug.getupvalue(c1, 1))
debug.setupvalue(c1, 1, 40)
print(c1(), debug.getupvalue(c1, 1))
local _ENV = setmetatable({}, {__index = _G})
local function usesenv() return gx end
print(debug.getupvalue(usesenv, 1) == "_ENV")
