local f, t = ...
f()
f(1)
f(1, 2, 3)
f(f())
f(1, f())
f((f()))
f(f(), 1)
f(...)
f(1, ...)
f"str"
f{1, 2}
f{x = 1}
t:m()
t:m(1, 2)
t.a.b:m(...)
t:m"s"
t:m{}
local x = f()
local y, z = f()
local p, q, r = f(), f()
x = f(1)(2)(3)
x = t:m():n()
print(("x"):rep(3))
print(f
  (1,
   2))
t.x = f()
return f(x), f(y)
