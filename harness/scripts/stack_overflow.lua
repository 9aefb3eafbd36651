-- Unbounded recursion is caught by pcall as a "stack overflow" error, and the program goes on.
local function plain(n) return 1 + plain(n + 1) end
local ok, e = pcall(plain, 1)
print(ok, e)

-- Recursion with a varying frame.
local function wide(n, a, b, c) local x, y, z = a, b, c; return wide(n + 1, x, y, z) + 1 end
local ok2, e2 = pcall(wide, 1, 1, 2, 3)
print(ok2, e2)

-- Recursion through a metamethod.
local R = setmetatable({}, {})
getmetatable(R).__index = function(t, k) return t[k .. "x"] end
local ok3, e3 = pcall(function() return R.a end)
print(ok3, e3)

-- Recursion through __call.
local C = setmetatable({}, {})
getmetatable(C).__call = function(self, n) return self(n + 1) + 1 end
local ok4, e4 = pcall(C, 1)
print(ok4, e4)

-- The state is still usable afterwards, and recursion depth 10000 works fine.
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000))
-- Repeated overflows do not leak.
local caught = 0
for i = 1, 3 do if not pcall(plain, 1) then caught = caught + 1 end end
print(caught)
-- Overflow inside nested pcalls is caught by the innermost.
print(pcall(function()
  local okk, ee = pcall(plain, 1)
  return "inner caught", okk
end))
