local a, b = 1, 2.5
local s = "hello\n\"x\""
print(a + b, s)
local t = {1, 2, x = 3, [a] = b}
function t.f(x, ...)
  local y <const> = 10
  return x + y, ...
end
for i = 1, 10 do t[i] = i * 2 end
for k, v in pairs(t) do print(k, v) end
while a < 10 do a = a + 1 end
