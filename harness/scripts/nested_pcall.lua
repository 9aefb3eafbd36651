-- Nested pcalls: each level catches its own errors; errors cross levels when rethrown.
local function level3() error("L3", 0) end
local function level2()
  local ok, e = pcall(level3)
  return "level2 saw " .. tostring(ok) .. " " .. e
end
local function level1() return pcall(level2) end
print(level1())
-- Rethrowing through several pcalls.
local function rethrow(n)
  if n == 0 then error("base", 0) end
  local ok, e = pcall(rethrow, n - 1)
  error(e .. "<" .. n, 0)
end
print(pcall(rethrow, 5))
-- A deep pile of pcalls, then an error at the bottom.
local function pile(n)
  if n == 0 then error("bottom", 0) end
  local ok, e = pcall(pile, n - 1)
  if n == 100 then return ok, e end
  error(e, 0)
end
print(pile(100))
-- pcall inside a loop, with state surviving errors.
local count, caught = 0, 0
for i = 1, 100 do
  local ok = pcall(function()
    count = count + 1
    if i % 7 == 0 then error("x") end
  end)
  if not ok then caught = caught + 1 end
end
print(count, caught)
-- The results after a caught error are usable.
local results = {}
for i = 1, 5 do
  local ok, v = pcall(function() if i % 2 == 0 then error(i, 0) end return i * 10 end)
  results[#results + 1] = tostring(ok) .. ":" .. tostring(v)
end
print(results[1], results[2], results[3], results[4], results[5])
-- Registers and locals of the caller are intact after a caught error.
local a, b, c = 1, 2, 3
local ok, e = pcall(function() local x, y, z = 9, 9, 9; error("clobber?", 0) end)
print(a, b, c, ok, e)
-- Error values passing through several levels unchanged.
local marker = {}
local ok2, e2 = pcall(function() pcall(function() end); error(marker) end)
print(ok2, e2 == marker)
