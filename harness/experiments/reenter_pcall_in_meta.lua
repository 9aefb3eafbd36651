-- H5 pcall inside a metamethod: `t.k` runs __index, which calls a function through pcall
-- (two re-entries per iteration). DIRECT makes the same two calls as plain Lua calls.
local count = 0
local function g(k) count = count + 1; return k end
local function index(t, k) local ok, v = pcall(g, k); return v end
local function plain(t, k) local ok, v = true, g(k); return v end
local t = setmetatable({}, {__index = index})
local v
if DIRECT then
  for i = 1, N do v = plain(t, "k") end
else
  for i = 1, N do v = t.k end
end
print(count * 2)
