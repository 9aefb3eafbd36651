local t = {}
local n = 0
local s = "str"
local function f()
  n = n + 1
  t.x = n
  t[n] = s
  t[s] = 1
  local u = t.x + t[1]
  return t, n, s, u
end
local function g()
  local function h()
    n = 5
    t = {}
    return f, n, t.y
  end
  return h
end
local function k(...)
  local a = ...
  return function() return a, t[a] end
end
return f, g, k
