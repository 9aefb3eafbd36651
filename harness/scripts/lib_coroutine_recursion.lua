-- Deep recursion inside coroutines, yields from deep inside the recursion, and
-- coroutines nested inside coroutines many levels deep.

local function depth(n)
  if n == 0 then return 0 end
  return 1 + depth(n - 1)
end
local co = coroutine.create(function(n) return depth(n) end)
print(coroutine.resume(co, 10000))

-- Yield at the bottom of a deep recursion, then unwind normally.
local function dive(n)
  if n == 0 then
    local v = coroutine.yield("bottom")
    return v
  end
  return dive(n - 1) + 1
end
local d = coroutine.create(function() return dive(5000) end)
print(coroutine.resume(d))
print(coroutine.resume(d, 7))

-- Yield at every level of a recursion.
local function every(n)
  if n == 0 then return end
  coroutine.yield(n)
  every(n - 1)
  coroutine.yield(-n)
end
local seq = {}
for v in coroutine.wrap(function() every(200) end) do seq[#seq + 1] = v end
print(#seq, seq[1], seq[200], seq[201], seq[400])

-- Stack overflow inside a coroutine is an ordinary error for its resumer.
local function forever(n) return 1 + forever(n + 1) end
local o = coroutine.create(function() return forever(1) end)
local ok, e = coroutine.resume(o)
print(ok, (string.find(e, "stack overflow", 1, true)) ~= nil, coroutine.status(o))
-- The resumer still works after that.
print(coroutine.resume(coroutine.create(function() return depth(100) end)))

-- Coroutines nested 100 deep: each resumes the next and passes the value back up.
local function nest(level)
  if level == 0 then return coroutine.yield("leaf") end
  local c = coroutine.create(nest)
  local ok2, v = coroutine.resume(c, level - 1)
  assert(ok2, v)
  coroutine.yield(v .. "<" .. level)
  return level
end
local top = coroutine.create(nest)
local ok3, v = coroutine.resume(top, 100)
print(ok3, #v, string.sub(v, 1, 12), string.sub(v, -6))

-- Mutual recursion across two coroutines (ping-pong).
local ping, pong
local trace = {}
ping = coroutine.create(function(n)
  while n > 0 do
    trace[#trace + 1] = "ping" .. n
    n = coroutine.yield(n - 1)
  end
  return "ping done"
end)
pong = coroutine.create(function(n)
  while n > 0 do
    trace[#trace + 1] = "pong" .. n
    n = coroutine.yield(n - 1)
  end
  return "pong done"
end)
local n = 10
local turn = ping
while n > 0 do
  local _, r = coroutine.resume(turn, n)
  n = r
  turn = (turn == ping) and pong or ping
end
print(#trace, trace[1], trace[2], trace[#trace])

-- Recursion that creates a coroutine per level (a recursive generator).
local function count_down(k)
  return coroutine.wrap(function()
    if k > 0 then
      coroutine.yield(k)
      for x in count_down(k - 1) do coroutine.yield(x) end
    end
  end)
end
local total = 0
for x in count_down(60) do total = total + x end
print("sum", total)
