-- Yielding from inside metamethods: the opcode that called the metamethod finishes
-- when the coroutine is resumed.

local log = {}
local function note(s) log[#log + 1] = s end

local mt = {}
mt.__index = function(t, k)
  note("index " .. k)
  return coroutine.yield("index", k) 
end
mt.__newindex = function(t, k, v)
  note("newindex " .. k)
  rawset(t, k, coroutine.yield("newindex", k, v))
end
mt.__add = function(a, b)
  return coroutine.yield("add", type(a), type(b))
end
mt.__sub = function(a, b) return coroutine.yield("sub") end
mt.__mul = function(a, b) return coroutine.yield("mul") end
mt.__unm = function(a) return coroutine.yield("unm") end
mt.__len = function(a) return coroutine.yield("len") end
mt.__lt = function(a, b) return coroutine.yield("lt") end
mt.__le = function(a, b) return coroutine.yield("le") end
mt.__eq = function(a, b) return coroutine.yield("eq") end
mt.__concat = function(a, b)
  local l = type(a) == "table" and "T" or a
  local r = type(b) == "table" and "T" or b
  return coroutine.yield("concat", l, r)
end
mt.__call = function(self, x) return coroutine.yield("call", x) end
mt.__close = function() note("closed") end

local obj = setmetatable({}, mt)
local other = setmetatable({}, mt)

local co = coroutine.create(function()
  local r = {}
  r[1] = obj.foo
  obj.bar = "ignored"
  r[2] = rawget(obj, "bar")
  r[3] = obj + 1
  r[4] = 2 + obj
  r[5] = obj - obj
  r[6] = obj * 3
  r[7] = -obj
  r[8] = #obj
  r[9] = obj < other
  r[10] = obj <= other
  r[11] = obj == other
  r[12] = obj ~= other
  r[13] = not (obj < other)
  r[14] = "a" .. obj .. "b" .. "c"
  r[15] = obj("arg")
  if obj > other then r[16] = "gt" else r[16] = "not gt" end
  return r
end)

local answers = {
  "FOO", "BAR", 100, 200, 300, 400, 500, 600, true, false, true, false, false,
  "X", "Y", "called", false,
}
local i = 0
local ok, what, a, b = coroutine.resume(co)
while coroutine.status(co) == "suspended" do
  i = i + 1
  print("yielded", what, a, b)
  ok, what, a, b = coroutine.resume(co, answers[i])
end
print("finished", ok, type(what))
for k = 1, 16 do print(k, tostring(what[k])) end
print(#log, log[1], log[2])

-- Yield inside __index chained through several levels of tables.
local base = setmetatable({}, {__index = function(_, k) return coroutine.yield(k) end})
local mid = setmetatable({}, {__index = base})
local top = setmetatable({}, {__index = mid})
local g = coroutine.wrap(function() return "value: " .. top.deepkey end)
print(g())
print(g("found"))

-- Yield inside __lt used by a sort-free comparison loop.
local cmp = {__lt = function(x, y) coroutine.yield("compare", x.v, y.v) return x.v < y.v end}
local items = {}
for k, v in ipairs({5, 2, 8}) do items[k] = setmetatable({v = v}, cmp) end
local maxer = coroutine.wrap(function()
  local best = items[1]
  for k = 2, #items do
    if best < items[k] then best = items[k] end
  end
  return "max", best.v
end)
local r1, r2, r3 = maxer()
while r1 == "compare" do
  print(r1, r2, r3)
  r1, r2, r3 = maxer()
end
print(r1, r2)

-- Yield inside a __concat that is reached in the middle of a long concatenation.
local piece = setmetatable({}, {__concat = function(x, y)
  local xs = type(x) == "table" and "<P>" or x
  local ys = type(y) == "table" and "<P>" or y
  local extra = coroutine.yield(xs .. "|" .. ys)
  return xs .. extra .. ys
end})
local cc = coroutine.wrap(function() return "1" .. "2" .. piece .. "3" .. "4" end)
print(cc())
print(cc("+"))
