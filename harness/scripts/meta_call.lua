-- __call: callable tables, arguments, results, chains of callables.
local callable = setmetatable({ name = "c" }, { __call = function(self, a, b)
  return self.name, a, b
end })
print(callable(1, 2))
print(callable())
print(pcall(callable, "p"))

local counter = setmetatable({ n = 0 }, { __call = function(self, inc)
  self.n = self.n + (inc or 1)
  return self.n
end })
counter(); counter(5)
print(counter(), counter.n)

-- The callable receives all varargs and can return many values.
local va = setmetatable({}, { __call = function(_, ...) return select('#', ...), ... end })
print(va(nil, nil, 3))

-- __call whose value is itself a callable table.
local inner = setmetatable({}, { __call = function(self, x, y) return "inner", x == nil, y end })
local outer = setmetatable({}, { __call = inner })
print(pcall(outer, "arg"))

-- Method call syntax on a callable field.
local obj = { f = callable }
print(obj.f("x"))
print(obj:f("y") == "c")

-- Callable used as a comparator-like function in our own sort.
local function sort(t, lt)
  for i = 2, #t do
    local v, j = t[i], i - 1
    while j >= 1 and lt(v, t[j]) do t[j + 1] = t[j]; j = j - 1 end
    t[j + 1] = v
  end
end
local desc = setmetatable({}, { __call = function(_, a, b) return a > b end })
local arr = { 3, 1, 4, 1, 5, 9, 2, 6 }
sort(arr, desc)
print(arr[1], arr[2], arr[3], arr[8])

-- Non-callable values.
print(pcall(function() local t = {}; t() end))
print(pcall(function() local t = setmetatable({}, { __call = 42 }); t() end))
print(pcall(function() local t = setmetatable({}, {}); return t.x() end))
-- __call with tail calls.
local tc = setmetatable({}, { __call = function(self, n) if n == 0 then return "bottom" end return self(n - 1) end })
print(tc(10000))
