-- _ENV and _G: globals are fields of _ENV; a local _ENV redirects global access.
print(_G == _ENV, _G._G == _G, type(_ENV))
gv = 10
print(_ENV.gv, _G["gv"], rawget(_G, "gv"))
_ENV.other = "via env"
print(other)
do
  local _ENV = { print = print, tostring = tostring }
  y = 5
  print(y, x, tostring(gv))
end
print(y)
local function with_env()
  local _ENV = setmetatable({}, { __index = _G })
  z = "sandboxed"
  return z, _G.z
end
print(with_env())
print(z)
-- A function whose upvalue _ENV is a parameter.
local function run_in(env, f) return f(env) end
print(run_in({ value = 42 }, function(_ENV) return value end))
-- Global access through a metatable on _G.
setmetatable(_G, { __index = function(_, k) return "missing:" .. k end })
print(undefined_thing)
setmetatable(_G, nil)
print(undefined_thing)
-- Strict globals with __newindex on _G.
local declared = {}
setmetatable(_G, {
  __newindex = function(t, k, v)
    if not declared[k] then error("assign to undeclared " .. k, 2) end
    rawset(t, k, v)
  end,
})
declared.allowed = true
allowed = 1
print(allowed, pcall(function() notallowed = 2 end))
setmetatable(_G, nil)
-- Counting globals set by this script, sorted.
local mine = { "gv", "other", "allowed" }
for i = 1, #mine do print(mine[i], rawget(_G, mine[i])) end
