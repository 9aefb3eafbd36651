-- load's env argument: it becomes the chunk's _ENV (its first upvalue).

local env = {print = print, x = 10}
local f = load("x = x + 1; y = 'new'; return x", "=env", "t", env)
print(f(), env.x, env.y, x, y)

-- The same source under different environments.
local src = "return greeting .. ', ' .. name"
for _, e in ipairs({{greeting = "hello", name = "a"}, {greeting = "bye", name = "b"}}) do
  print(load(src, "=g", "t", e)())
end

-- An explicit nil environment: globals are unreachable.
local g = load("return x", "=nilenv", "t", nil)
print(pcall(g))
local h = load("y = 1", "=nilenv", "t", nil)
print(pcall(h))
-- Functions not touching globals still run.
print(load("local a, b = ... return a * b", "=pure", "t", nil)(6, 7))

-- An environment with metatables: reads fall back to _G, writes are recorded.
local writes = {}
local sandbox = setmetatable({}, {
  __index = _G,
  __newindex = function(t, k, v) writes[#writes + 1] = k; rawset(t, k, v) end,
})
local s = load("counter = (counter or 0) + 1; helper = function() return counter end; return type(print)", "=sb", "t", sandbox)
print(s(), s(), sandbox.counter, sandbox.helper(), rawget(_G, "counter"))
print(table.concat(writes, ","))

-- Non-table environments are allowed; indexing them is what fails.
print(pcall(load("return x", "=num", "t", 42)))
print(load("return 1", "=num", "t", 42)())
local strenv = load("return len", "=str", "t", "abc")
local okl, len = pcall(strenv)
print(okl, type(len), len == string.len)

-- _ENV inside the chunk is the env value itself.
local e2 = {}
print(load("return _ENV", "=e", "t", e2)() == e2)
print(load("local _ENV = {z = 3}; return z", "=local env")())

-- Nested functions in the chunk share the chunk's environment.
local e3 = {n = 0}
local mk = load("return function() n = n + 1 return n end", "=nest", "t", e3)()
mk(); mk()
print(e3.n)

-- Changing the env table after load is visible.
local e4 = {v = 1}
local rd = load("return v", "=late", "t", e4)
print(rd())
e4.v = 2
print(rd())

-- A false env counts as given.
print(pcall(load("return x", "=false", "t", false)))

-- loaded chunks see the real globals by default.
GLOBAL_FOR_LOAD = "seen"
print(load("return GLOBAL_FOR_LOAD")())
