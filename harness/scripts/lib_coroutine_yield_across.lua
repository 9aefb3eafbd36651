-- Where a coroutine may yield in 5.4: inside a chunk run by dofile and inside __pairs
-- (both have continuations), but not inside table.sort's comparator or gsub's function
-- (C calls without continuations), nor inside a metamethod called from a library function.

local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("local a = coroutine.yield('from dofile', ...)\n",
        "local b = coroutine.yield('again', a)\n",
        "return a + b, 'chunk done'\n")
f:close()

local co = coroutine.create(function(x)
  local s, msg = dofile(name)
  return s * x, msg
end)
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 4))
print(coroutine.resume(co, 5))
print(coroutine.status(co))

-- dofile inside pcall inside a coroutine, with an error after a yield.
f = assert(io.open(name, "w"))
f:write("coroutine.yield('before error') error('chunk failed', 0)")
f:close()
co = coroutine.wrap(function() return pcall(dofile, name) end)
print(co())
print(co())
os.remove(name)

-- __pairs may yield before returning its iterator.
local proxy = setmetatable({}, {__pairs = function(t)
  local got = coroutine.yield("pairs asked")
  local keys = {}
  for k in pairs(got) do keys[#keys + 1] = k end
  table.sort(keys)
  local i = 0
  return function() i = i + 1; if keys[i] then return keys[i], got[keys[i]] end end, t, nil
end})
co = coroutine.wrap(function()
  local out = {}
  for k, v in pairs(proxy) do out[#out + 1] = k .. "=" .. tostring(v) end
  return table.concat(out, ",")
end)
print(co())
print(co({b = 2, a = 1, c = true}))

-- The iterator itself may yield too (it is called by the for loop, not by pairs).
co = coroutine.wrap(function()
  local n = 0
  for _, v in pairs(setmetatable({}, {__pairs = function()
    return function(_, k) k = (k or 0) + 1; if k <= 3 then coroutine.yield(k) return k, k * k end end, nil, nil
  end})) do n = n + v end
  return "sum " .. n
end)
print(co(), co(), co(), co())

-- C calls without continuation.
local function try(label, fn)
  local c = coroutine.create(fn)
  print(label, coroutine.resume(c))
end
try("sort", function() table.sort({3, 1, 2}, function(a, b) coroutine.yield() return a < b end) end)
try("gsub", function() return (string.gsub("abc", "%w", function(c) coroutine.yield(c) end)) end)
try("tostring", function()
  return tostring(setmetatable({}, {__tostring = function() coroutine.yield() return "x" end}))
end)
try("load reader", function()
  return load(function() coroutine.yield() return nil end)
end)
try("pcall ok", function() return pcall(coroutine.yield, "through pcall") end)
try("metamethod ok", function()
  return setmetatable({}, {__add = function() return coroutine.yield("in __add") end}) + 1
end)
print(coroutine.isyieldable())
try("isyieldable in sort", function()
  local r
  table.sort({2, 1}, function(a, b) r = coroutine.isyieldable(); return a < b end)
  return r
end)
