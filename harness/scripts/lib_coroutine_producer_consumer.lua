-- Producer / filter / consumer pipelines (PiL style), both resume-driven and
-- yield-driven.

local function receive(prod)
  local ok, value = coroutine.resume(prod)
  assert(ok, value)
  return value
end

local function send(x)
  coroutine.yield(x)
end

local function producer(items)
  return coroutine.create(function()
    for _, v in ipairs(items) do send(v) end
    send(nil)
  end)
end

local function filter(prod)
  return coroutine.create(function()
    for line = 1, math and math.huge or 1e308 do
      local x = receive(prod)
      if x == nil then send(nil) break end
      send(string.format("%5d %s", line, x))
    end
  end)
end

local function consumer(prod)
  local n = 0
  while true do
    local x = receive(prod)
    if x == nil then break end
    n = n + 1
    print(x)
  end
  return n
end

print("consumed", consumer(filter(producer({"alpha", "beta", "gamma", "delta"}))))

-- Consumer-driven the other way: the consumer is the coroutine and the producer
-- pushes values into it with resume.
local totals = {}
local sink = coroutine.create(function(first)
  local sum, count = 0, 0
  local v = first
  while v ~= "end" do
    sum = sum + v
    count = count + 1
    totals[#totals + 1] = sum
    v = coroutine.yield(count)
  end
  return "sum", sum, "count", count
end)

for i = 1, 5 do
  local ok, c = coroutine.resume(sink, i * i)
  print("pushed", i * i, ok, c)
end
print(coroutine.resume(sink, "end"))
print(coroutine.status(sink), #totals, totals[5])

-- A bounded buffer between a producer and a consumer, both coroutines, driven by a
-- tiny loop that runs whichever can make progress.
local buffer, cap = {}, 3
local log = {}
local prod = coroutine.create(function()
  for i = 1, 10 do
    while #buffer >= cap do coroutine.yield("full") end
    buffer[#buffer + 1] = i
    log[#log + 1] = "p" .. i
  end
  return "producer done"
end)
local cons = coroutine.create(function()
  local got = 0
  while got < 10 do
    while #buffer == 0 do coroutine.yield("empty") end
    local v = table.remove and table.remove(buffer, 1) or nil
    if v == nil then
      v = buffer[1]
      for k = 1, #buffer - 1 do buffer[k] = buffer[k + 1] end
      buffer[#buffer] = nil
    end
    got = got + 1
    log[#log + 1] = "c" .. v
  end
  return "consumer done"
end)
local steps = 0
while coroutine.status(prod) ~= "dead" or coroutine.status(cons) ~= "dead" do
  steps = steps + 1
  if coroutine.status(prod) ~= "dead" then
    local ok, r = coroutine.resume(prod)
    if r ~= "full" then print(ok, r) end
  end
  if coroutine.status(cons) ~= "dead" then
    local ok, r = coroutine.resume(cons)
    if r ~= "empty" then print(ok, r) end
  end
end
local s = ""
for i = 1, #log do s = s .. log[i] .. " " end
print(steps, s)
