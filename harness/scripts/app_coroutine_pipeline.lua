-- Coroutine pipelines (producer -> filters -> consumer with coroutine.wrap) and a
-- round-robin scheduler whose tasks sleep for a number of ticks, wait on channels,
-- yield from inside pcall and metamethods, and fail without stopping the others.

-- Part 1: pull pipelines built from wrapped generators.
local function producer(items)
  return coroutine.wrap(function()
    for _, v in ipairs(items) do coroutine.yield(v) end
  end)
end

local function filter(pred, source)
  return coroutine.wrap(function()
    for v in source do
      if pred(v) then coroutine.yield(v) end
    end
  end)
end

local function map(f, source)
  return coroutine.wrap(function()
    for v in source do coroutine.yield(f(v)) end
  end)
end

local function batch(n, source)
  return coroutine.wrap(function()
    local buf = {}
    for v in source do
      buf[#buf + 1] = v
      if #buf == n then coroutine.yield(buf); buf = {} end
    end
    if #buf > 0 then coroutine.yield(buf) end
  end)
end

local words = {}
for w in ("the quick brown fox jumps over the lazy dog while seven wizards quietly hex jumbo fuzzy yaks"):gmatch("%a+") do
  words[#words + 1] = w
end
local pipeline = batch(3, map(string.upper, filter(function(w) return #w > 3 end, producer(words))))
for group in pipeline do print("batch", table.concat(group, " ")) end

-- Push pipeline: a consumer coroutine receives values through resume.
local function sink(label)
  local co = coroutine.create(function(first)
    local total, count, v = 0, 0, first
    while v ~= nil do
      total, count = total + v, count + 1
      v = coroutine.yield(total)
    end
    return label .. ": " .. count .. " values, total " .. total
  end)
  return co
end
local s = sink("squares")
local running_totals = {}
for i = 1, 6 do
  local ok, running = coroutine.resume(s, i * i)
  running_totals[i] = running
end
print(table.concat(running_totals, " "))
print(coroutine.resume(s, nil))
print(coroutine.status(s), coroutine.resume(s))

-- Part 2: a scheduler counting time in ticks.
local Scheduler = {}
Scheduler.__index = Scheduler

function Scheduler.new()
  return setmetatable({tick = 0, ready = {}, sleeping = {}, log = {}, waiting = {}, nextid = 0}, Scheduler)
end

function Scheduler:spawn(name, fn, ...)
  self.nextid = self.nextid + 1
  local task = {id = self.nextid, name = name, co = coroutine.create(fn), args = table.pack(...)}
  self.ready[#self.ready + 1] = task
  return task
end

function Scheduler:note(fmt, ...)
  self.log[#self.log + 1] = string.format("[%3d] " .. fmt, self.tick, ...)
end

-- What a task yields is a request: {"sleep", n}, {"send", ch, v}, {"recv", ch}, or nothing.
function Scheduler:run(max_ticks)
  local channels = {}
  while self.tick < max_ticks do
    self.tick = self.tick + 1
    -- Wake sleepers whose time has come, in wake-up order then id.
    local still = {}
    table.sort(self.sleeping, function(a, b)
      if a.wake ~= b.wake then return a.wake < b.wake end
      return a.id < b.id
    end)
    for _, t in ipairs(self.sleeping) do
      if t.wake <= self.tick then self.ready[#self.ready + 1] = t else still[#still + 1] = t end
    end
    self.sleeping = still
    if #self.ready == 0 and #self.sleeping == 0 and not next(self.waiting) then break end
    local running = self.ready
    self.ready = {}
    for _, t in ipairs(running) do
      local ok, req, a, b = coroutine.resume(t.co, table.unpack(t.args, 1, t.args.n))
      t.args = {n = 0}
      if not ok then
        self:note("%s crashed: %s", t.name, tostring(req):gsub("^.-:%d+: ", ""))
      elseif coroutine.status(t.co) == "dead" then
        self:note("%s finished -> %s", t.name, tostring(req))
      elseif req == "sleep" then
        t.wake = self.tick + a
        self.sleeping[#self.sleeping + 1] = t
      elseif req == "send" then
        local ch = channels[a] or {}
        channels[a] = ch
        ch[#ch + 1] = b
        local w = self.waiting[a]
        if w then
          self.waiting[a] = nil
          w.args = {n = 1, table.remove(ch, 1)}
          self.ready[#self.ready + 1] = w
        end
        self.ready[#self.ready + 1] = t
      elseif req == "recv" then
        local ch = channels[a]
        if ch and #ch > 0 then
          t.args = {n = 1, table.remove(ch, 1)}
          self.ready[#self.ready + 1] = t
        else
          self.waiting[a] = t
        end
      else
        self.ready[#self.ready + 1] = t
      end
    end
  end
end

local function sleep(n) coroutine.yield("sleep", n) end
local function send(ch, v) coroutine.yield("send", ch, v) end
local function recv(ch) return coroutine.yield("recv", ch) end

local sched = Scheduler.new()

sched:spawn("ticker", function(n)
  for i = 1, n do sched:note("tick %d", i); sleep(3) end
  return "ticked " .. n
end, 4)

sched:spawn("producer", function()
  for i = 1, 5 do
    send("jobs", i * 10)
    sleep(i % 2 + 1)
  end
  send("jobs", false)
  return "produced"
end)

sched:spawn("worker", function()
  local done = 0
  while true do
    local job = recv("jobs")
    if not job then break end
    done = done + job
    sched:note("worker got %d (sum %d)", job, done)
  end
  return done
end)

-- Yields through pcall and through a metamethod are allowed in 5.4.
sched:spawn("protected", function()
  local ok, err = pcall(function()
    sleep(2)
    error({reason = "planned"})
  end)
  sched:note("protected caught %s", type(err) == "table" and err.reason or tostring(err))
  local lazy = setmetatable({}, {__index = function(t, k) sleep(1); return k * 2 end})
  return lazy[21]
end)

sched:spawn("crasher", function()
  sleep(4)
  local t = nil
  return t.field
end)

sched:spawn("yielder", function()
  for i = 1, 3 do coroutine.yield() end
  return "yielded 3 times"
end)

sched:run(40)
for _, line in ipairs(sched.log) do print(line) end
print("ended at tick", sched.tick, "sleeping", #sched.sleeping, "ready", #sched.ready)

-- Wrapped generators: errors propagate to the caller with position; close runs cleanup.
local gen = coroutine.wrap(function() coroutine.yield(1); error("generator broke") end)
print(gen(), pcall(gen))
local cleaned = {}
local co = coroutine.create(function()
  local res <close> = setmetatable({}, {__close = function() cleaned[#cleaned + 1] = "closed" end})
  coroutine.yield("holding")
end)
print(coroutine.resume(co))
print(coroutine.close(co), coroutine.status(co), cleaned[1])
print(coroutine.isyieldable(), coroutine.wrap(function() return coroutine.isyieldable() end)())
