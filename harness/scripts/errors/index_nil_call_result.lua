local function f(t) return t end
local v = f(nil)
print(v.a)
