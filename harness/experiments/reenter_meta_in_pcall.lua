-- H5 metamethod inside pcall: pcall runs a function whose `t + 1` calls __add (two
-- re-entries per iteration). DIRECT makes the same two calls as plain Lua calls.
local count = 0
local function add(a, b) count = count + 1; return b end
local t = setmetatable({}, {__add = add})
local function body() return t + 1 end
local function plain_body() return add(t, 1) end
local v
if DIRECT then
  for i = 1, N do v = plain_body() end
else
  for i = 1, N do local ok; ok, v = pcall(body) end
end
print(count * 2)
