-- debug.getinfo on levels and functions: every field that does not hold an address.
local function show(t)
  if t == nil then return "nil" end
  local ks = {}
  for k, v in pairs(t) do
    local tv = type(v)
    ks[#ks + 1] = (tv == "function" or tv == "table") and (k .. ":" .. tv) or (k .. "=" .. tostring(v))
  end
  table.sort(ks)
  return table.concat(ks, " ")
end
local up = 0
local function f(a, b, ...) up = up + 1; return show(debug.getinfo(1)) end
print(f())
print(show(debug.getinfo(1)))
print(show(debug.getinfo(print)))
print(show(debug.getinfo(f)))
for _, o in ipairs({"S", "l", "u", "n", "t", "r", "f", "", "Sl", "nSu"}) do
  print(o, show(debug.getinfo(f, o)))
end
print(debug.getinfo(f, "f").func == f, debug.getinfo(1, "f").func ~= nil)
print(pcall(debug.getinfo, f, ">"))
print(pcall(debug.getinfo, f, ">S"))
print(pcall(debug.getinfo, f, "x"))
print(pcall(debug.getinfo, f, "Sx"))
print(pcall(debug.getinfo, 1, ">S"))
print(pcall(debug.getinfo, 1, {}))
print(pcall(debug.getinfo, {}))
print(pcall(debug.getinfo))
print(pcall(debug.getinfo, 1.5))
print(debug.getinfo(100), debug.getinfo(100, "x"), debug.getinfo(-1))
print(show(debug.getinfo(0)))
print(show(debug.getinfo("1", "l")))
function gf() return debug.getinfo(1, "n") end
print(show(gf()))
local t = {m = function(self) local r = debug.getinfo(1, "n"); return r end}
print(show(t:m()))
print(show(t.m()))
print(show(setmetatable({}, {__index = function() return debug.getinfo(1, "n") end}).x))
print(show(setmetatable({}, {__add = function() return debug.getinfo(1, "n") end}) + 1))
for k, v in function() return debug.getinfo(1, "n") end do print(show(k)) break end
local function lines(fn)
  local out = {}
  for k in pairs(debug.getinfo(fn, "L").activelines) do out[#out + 1] = k end
  table.sort(out)
  return table.concat(out, " ")
end
print(lines(f), lines(show))
print(lines(function(...)
  local x = 1
  return x
end))
print(lines(function(a)

  return a
end))
print(debug.getinfo(print, "L").activelines)
print(show(load("return debug.getinfo(1, 'S')", "=mychunk")()))
print(show(load("return debug.getinfo(1, 'S')", "@some/file.lua")()))
print(show(load("return debug.getinfo(1, 'S')")()))
print(show(load("\n  return debug.getinfo(1, 'S')")()))
print(show(load("return debug.getinfo(1, 'Sl')", "=" .. string.rep("x", 80))()))
print(show(debug.getinfo(string.gsub, "Slu")))
local function nested()
  local a = debug.getinfo(1, "l").currentline
  local b = debug.getinfo(2, "l").currentline
  return a, b
end
print(nested())
-- levels of a suspended coroutine, seen from outside
local co = coroutine.create(function(x)
  local function inner() coroutine.yield() end
  inner()
end)
coroutine.resume(co)
print(show(debug.getinfo(co, 0)))
print(show(debug.getinfo(co, 1)))
print(show(debug.getinfo(co, 2, "Sl")))
print(debug.getinfo(co, 3), debug.getinfo(co, 0, "f").func == coroutine.yield)
print(show(debug.getinfo(co, f, "S")))
print(pcall(debug.getinfo, co, 1, ">l"))
print(pcall(debug.getinfo, co))
print(show(debug.getinfo(coroutine.running(), 1, "l")))
print(coroutine.wrap(function() return show(debug.getinfo(1, "Sln")) end)())
