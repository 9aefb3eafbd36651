local K <const> = 10
local S <const> = "hello"
local F <const> = 2.5
local B <const> = true
local N <const> = nil
local x = K + 1
local y = K * F
local z = S .. "!"
local t = {K, S, F, B, N}
local big <const> = K * 1000
local derived <const> = big + K
local r = derived
local a <const>, b <const> = 1, 2
local c <const> = a + b
local v <const> = {}
local w <const> = x
local function f()
  return K + c + w
end
do
  local h <close> = nil
  local k <close>, l = setmetatable({}, {__close = print}), 1
  print(h, k, l)
end
if x == K then print(S) end
local neg <const> = -K
local s2 <const> = S
print(s2, neg, t[K])
return f
