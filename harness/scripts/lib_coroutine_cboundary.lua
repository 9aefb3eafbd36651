-- Yields that would cross a library function calling back into Lua fail with
-- "attempt to yield across a C-call boundary"; the coroutine itself survives when the
-- error is caught.

local function try(label, f)
  local co = coroutine.create(function()
    local ok, e = pcall(f)
    coroutine.yield("caught", ok, e)
    return "still alive"
  end)
  print(label, coroutine.resume(co))
  print(label, coroutine.resume(co))
end

try("tostring", function()
  return tostring(setmetatable({}, {__tostring = function() coroutine.yield("x") return "s" end}))
end)

try("sort", function()
  local t = {3, 1, 2}
  table.sort(t, function(a, b) coroutine.yield("cmp") return a < b end)
end)

try("gsub", function()
  return string.gsub("abc", "%w", function(c) coroutine.yield(c) end)
end)

try("load reader", function()
  return load(function() coroutine.yield("reader") end)
end)

try("ipairs __index", function()
  local p = setmetatable({}, {__index = function(_, i) coroutine.yield(i) end})
  for _ in ipairs(p) do end
end)

try("string.rep via __index", function()
  local ok = pcall(string.rep)
  return ok
end)

-- isyieldable is false inside such a callback.
local co = coroutine.create(function()
  local t = {2, 1}
  local inside
  table.sort(t, function(a, b) inside = coroutine.isyieldable() return a < b end)
  local s = tostring(setmetatable({}, {__tostring = function()
    return tostring(coroutine.isyieldable())
  end}))
  return coroutine.isyieldable(), inside, s
end)
print(coroutine.resume(co))

-- Without pcall, the failing yield kills the coroutine.
local dies = coroutine.create(function()
  return tostring(setmetatable({}, {__tostring = function() return coroutine.yield() end}))
end)
print(coroutine.resume(dies))
print(coroutine.status(dies))

-- Through coroutine.wrap the message gets a position.
local w = coroutine.wrap(function()
  return tostring(setmetatable({}, {__tostring = function() coroutine.yield() end}))
end)
print(pcall(w))

-- A coroutine started inside a callback can yield to its own resumer.
local inner_results = {}
local t = {5, 4, 3}
table.sort(t, function(a, b)
  local c = coroutine.wrap(function(x, y) coroutine.yield(x < y) end)
  local r = c(a, b)
  inner_results[#inner_results + 1] = r
  return r
end)
print(t[1], t[2], t[3], #inner_results > 0)
