-- Re-entrancy: Lua code running inside metamethods inside protected calls, in every mix.
local log = {}
local function note(s) log[#log + 1] = s end

-- pcall inside a metamethod inside pcall.
local M = setmetatable({}, { __index = function(t, k)
  local ok, e = pcall(function() error("inner " .. k, 0) end)
  note("index caught " .. e)
  return k .. "!"
end })
print(pcall(function() return M.a, M.b end))

-- A metamethod calling a function that triggers another metamethod.
local A = setmetatable({}, { __add = function(x, y)
  local B = setmetatable({}, { __concat = function(p, q) return "concat" end })
  return (B .. "s") .. "+" .. tostring(type(y))
end })
print(A + 1)

-- __index functions that error, seen through pcall at various depths.
local E = setmetatable({}, { __index = function(_, k) error("no field " .. k, 0) end })
print(pcall(function() return E.missing end))
print(pcall(function() return pcall(function() return E.x end) end))

-- Metamethods that recurse through other objects' metamethods.
local function chain(n)
  local mt = {}
  local obj = setmetatable({}, mt)
  if n == 0 then
    mt.__index = function(_, k) return "base:" .. k end
  else
    local nxt = chain(n - 1)
    mt.__index = function(_, k) return nxt[k] .. "<" .. n end
  end
  return obj
end
print(chain(5).key)

-- __newindex that writes through another proxy with __newindex.
local sink = {}
local p2 = setmetatable({}, { __newindex = function(_, k, v) sink[k] = v * 2 end })
local p1 = setmetatable({}, { __newindex = function(_, k, v) p2[k] = v + 1 end })
p1.x = 10
print(sink.x)

-- __eq and __lt calling pcall and error inside sort-like code.
local Cmp = {}
Cmp.__lt = function(a, b)
  local ok = pcall(error, "ignored")
  return a.v < b.v
end
local xs = {}
for i, v in ipairs({ 4, 2, 5, 1, 3 }) do xs[i] = setmetatable({ v = v }, Cmp) end
for i = 2, #xs do
  local x, j = xs[i], i - 1
  while j >= 1 and x < xs[j] do xs[j + 1] = xs[j]; j = j - 1 end
  xs[j + 1] = x
end
print(xs[1].v, xs[2].v, xs[3].v, xs[4].v, xs[5].v)

-- __tostring that calls tostring on other objects with __tostring.
local Inner = { __tostring = function(s) return "inner" .. s.n end }
local Outer = { __tostring = function(s) return "outer(" .. tostring(s.child) .. ")" end }
print(setmetatable({ child = setmetatable({ n = 1 }, Inner) }, Outer))

-- An error thrown from a metamethod deep inside several metamethods.
local D3 = setmetatable({}, { __len = function() error("from len", 0) end })
local D2 = setmetatable({}, { __call = function() return #D3 end })
local D1 = setmetatable({}, { __index = function() return D2() end })
print(pcall(function() return D1.anything end))

-- __close running Lua code that uses pcall and metamethods.
do
  local c <close> = setmetatable({}, { __close = function()
    note("close pcall " .. tostring(pcall(function() return M.z end)))
  end })
end
for i = 1, #log do print(log[i]) end

-- __call used as __index function.
local callable = setmetatable({}, { __call = function(_, t, k) return "called for " .. k end })
local viaCall = setmetatable({}, { __index = function(t, k) return callable(t, k) end })
print(viaCall.foo)
