-- Proper tail calls: unbounded tail recursion runs in constant stack.
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + 1)
end
print(loop(1000000, 0))

local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(1000001), odd(1000001), even(10))

-- Tail calls through a table of states, like a state machine.
local states = {}
states.a = function(n) if n <= 0 then return "done in a" end return states.b(n - 1) end
states.b = function(n) if n <= 0 then return "done in b" end return states.a(n - 1) end
print(states.a(999999), states.a(1000000))

-- A tail call passes all results through.
local function multi() return 1, 2, 3 end
local function tail() return multi() end
print(tail())
local function tailv(...) return select('#', ...), ... end
local function tail2(...) return tailv(...) end
print(tail2(nil, nil))

-- Tail calls into a callable table and a method.
local obj = setmetatable({ k = 0 }, { __call = function(self, n)
  if n == 0 then return self.k end
  self.k = self.k + 1
  return self(n - 1)
end })
print(obj(100000))
local acc = { total = 0 }
function acc:add(n) if n == 0 then return self.total end self.total = self.total + n return self:add(n - 1) end
print(acc:add(100000))

-- Not a tail call: parenthesised or followed by an operation, still correct on small input.
local function notail(n) if n == 0 then return 0 end return (notail(n - 1)) + 1 end
print(notail(1000))
