-- A longer coroutine program: an event loop with virtual time, sleeping tasks, timers
-- kept in a binary heap, unbuffered channels with blocking send/receive, a worker
-- pool, cancellation through coroutine.close, and a final report.

---------------------------------------------------------------- binary heap of timers
local Heap = {}
Heap.__index = Heap
function Heap.new() return setmetatable({n = 0, seq = 0}, Heap) end
local function before(a, b)
  if a.time ~= b.time then return a.time < b.time end
  return a.seq < b.seq
end
function Heap:push(time, task)
  self.seq = self.seq + 1
  self.n = self.n + 1
  local i = self.n
  self[i] = {time = time, seq = self.seq, task = task}
  while i > 1 do
    local p = i // 2
    if before(self[i], self[p]) then
      self[i], self[p] = self[p], self[i]
      i = p
    else
      break
    end
  end
end
function Heap:pop()
  if self.n == 0 then return nil end
  local top = self[1]
  self[1] = self[self.n]
  self[self.n] = nil
  self.n = self.n - 1
  local i = 1
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= self.n and before(self[l], self[m]) then m = l end
    if r <= self.n and before(self[r], self[m]) then m = r end
    if m == i then break end
    self[i], self[m] = self[m], self[i]
    i = m
  end
  return top
end

---------------------------------------------------------------- the loop
local Loop = {now = 0, timers = Heap.new(), ready = {}, names = {}, trace = {},
              finished = {}, failures = {}}

local function log(fmt, ...)
  Loop.trace[#Loop.trace + 1] = string.format("[%3d] " .. fmt, Loop.now, ...)
end

function Loop.spawn(name, f, ...)
  local args = {...}
  local n = select("#", ...)
  local co = coroutine.create(function()
    local function unpack_(i) if i <= n then return args[i], unpack_(i + 1) end end
    return f(unpack_(1))
  end)
  Loop.names[co] = name
  Loop.ready[#Loop.ready + 1] = co
  return co
end

function Loop.sleep(dt)
  coroutine.yield("sleep", dt)
end

function Loop.step(co)
  local ok, what, arg = coroutine.resume(co)
  local name = Loop.names[co]
  if not ok then
    Loop.failures[#Loop.failures + 1] = name .. ": " .. tostring(what)
    log("%s failed", name)
  elseif coroutine.status(co) == "dead" then
    Loop.finished[#Loop.finished + 1] = name
    if what ~= nil then log("%s returned %s", name, tostring(what)) end
  elseif what == "sleep" then
    Loop.timers:push(Loop.now + arg, co)
  elseif what == "block" then
    -- parked on a channel; the channel will make it ready again
  else
    Loop.ready[#Loop.ready + 1] = co
  end
end

function Loop.run(limit)
  while true do
    while #Loop.ready > 0 do
      local batch = Loop.ready
      Loop.ready = {}
      for i = 1, #batch do
        if coroutine.status(batch[i]) == "suspended" then Loop.step(batch[i]) end
      end
    end
    local t = Loop.timers:pop()
    if not t or t.time > limit then break end
    Loop.now = t.time
    if coroutine.status(t.task) == "suspended" then
      Loop.ready[#Loop.ready + 1] = t.task
    end
  end
end

---------------------------------------------------------------- channels
local Channel = {}
Channel.__index = Channel
function Channel.new(name)
  return setmetatable({name = name, senders = {}, receivers = {}, sent = 0}, Channel)
end
function Channel:send(v)
  local me = coroutine.running()
  if #self.receivers > 0 then
    local r = table.remove(self.receivers, 1)
    r.value = v
    Loop.ready[#Loop.ready + 1] = r.co
  else
    self.senders[#self.senders + 1] = {co = me, value = v}
    coroutine.yield("block")
  end
  self.sent = self.sent + 1
end
function Channel:receive()
  if #self.senders > 0 then
    local s = table.remove(self.senders, 1)
    Loop.ready[#Loop.ready + 1] = s.co
    return s.value
  end
  local slot = {co = coroutine.running()}
  self.receivers[#self.receivers + 1] = slot
  coroutine.yield("block")
  return slot.value
end

---------------------------------------------------------------- the program
local jobs = Channel.new("jobs")
local results = Channel.new("results")

Loop.spawn("producer", function()
  for i = 1, 12 do
    jobs:send({id = i, cost = (i * 7) % 5 + 1})
    if i % 4 == 0 then Loop.sleep(3) end
  end
  for _ = 1, 3 do jobs:send(false) end
  return "produced 12"
end)

for w = 1, 3 do
  Loop.spawn("worker" .. w, function(id)
    local done = 0
    while true do
      local job = jobs:receive()
      if not job then break end
      log("worker%d takes job %d (cost %d)", id, job.id, job.cost)
      Loop.sleep(job.cost)
      results:send({job = job.id, by = id, at = Loop.now})
      done = done + 1
    end
    return done
  end, w)
end

local collected = {}
Loop.spawn("collector", function()
  for _ = 1, 12 do
    local r = results:receive()
    collected[#collected + 1] = r
  end
  return "collected " .. #collected
end)

local ticks = 0
local ticker = Loop.spawn("ticker", function()
  local c <close> = setmetatable({}, {__close = function() log("ticker cleaned up") end})
  while true do
    ticks = ticks + 1
    Loop.sleep(5)
  end
end)

Loop.spawn("saboteur", function()
  Loop.sleep(7)
  local t = nil
  return t.boom
end)

Loop.spawn("canceller", function()
  Loop.sleep(20)
  log("cancelling ticker: %s", tostring(coroutine.close(ticker)))
  return "cancelled"
end)

Loop.run(1000)

for i = 1, #Loop.trace do print(Loop.trace[i]) end
print("ticks", ticks, "now", Loop.now)
table.sort(collected, function(a, b) return a.job < b.job end)
for i = 1, #collected do
  local r = collected[i]
  print(string.format("job %2d by worker%d at %d", r.job, r.by, r.at))
end
table.sort(Loop.finished)
print("finished: " .. table.concat(Loop.finished, ", "))
for i = 1, #Loop.failures do print("failure: " .. Loop.failures[i]) end
print("jobs sent", jobs.sent, "results sent", results.sent)
