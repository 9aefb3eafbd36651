-- Closures created in the same scope share their upvalues, before and after it ends.
local function counter()
  local n = 0
  local function inc() n = n + 1; return n end
  local function get() return n end
  local function reset(v) n = v end
  return inc, get, reset
end
local inc, get, reset = counter()
inc(); inc()
print(get(), inc(), get())
reset(100)
print(inc(), get())
local inc2, get2 = counter()
print(inc2(), get2(), get())

-- An upvalue still open (its scope is live) is seen by the closure and the body alike.
local x = 1
local function readx() return x end
local function setx(v) x = v end
x = 5
print(readx())
setx(9)
print(x, readx())

-- Three levels of nesting, each capturing from the one above.
local function outer()
  local a = 1
  return function()
    local b = 10
    return function()
      a = a + 1
      b = b + 1
      return a + b
    end
  end
end
local mid = outer()
local f1, f2 = mid(), mid()
print(f1(), f1(), f2(), f1())

-- A parameter captured by a closure.
local function adder(k) return function(v) return v + k end end
local add3, add10 = adder(3), adder(10)
print(add3(1), add10(1), add3(add10(0)))

-- Closures in a table, sharing one upvalue.
local fs = {}
do
  local shared = 0
  for i = 1, 3 do
    fs[i] = function() shared = shared + i; return shared end
  end
end
print(fs[1](), fs[2](), fs[3](), fs[1]())

-- A recursive local function refers to itself through an upvalue.
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10))
local g = fact
fact = nil
print(pcall(g, 3))
