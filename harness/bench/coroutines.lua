-- Coroutine switching: a generator pipeline (producer -> filter -> consumer).
N = N or 50000
local function producer(n)
  return coroutine.create(function()
    for i = 1, n do coroutine.yield(i) end
    return nil
  end)
end
local function filter(src)
  return coroutine.create(function()
    while true do
      local ok, v = coroutine.resume(src)
      if v == nil then return nil end
      if v % 3 ~= 0 then coroutine.yield(v * 2) end
    end
  end)
end
local f = filter(producer(N))
local sum, count = 0, 0
while true do
  local ok, v = coroutine.resume(f)
  if v == nil then break end
  sum = sum + v; count = count + 1
end
local co = coroutine.create(function(a)
  while true do a = coroutine.yield(a + 1) end
end)
local acc = 0
for i = 1, N do local _, v = coroutine.resume(co, i); acc = acc + v end
print(count, sum, acc, coroutine.status(f))
