-- A round-robin scheduler: tasks yield to give up the processor, can spawn tasks,
-- wait for other tasks, and fail without stopping the others.

local function unpack_(t, i)
  i = i or 1
  if t[i] ~= nil then return t[i], unpack_(t, i + 1) end
end

local Scheduler = {}
Scheduler.__index = Scheduler

function Scheduler.new()
  return setmetatable({queue = {}, head = 1, tail = 0, names = {}, results = {},
                       waiting = {}, log = {}}, Scheduler)
end

function Scheduler:spawn(name, f, ...)
  local args = {...}
  local co = coroutine.create(function() return f(unpack_(args)) end)
  self.names[co] = name
  self:push(co)
  return co
end

function Scheduler:push(co)
  self.tail = self.tail + 1
  self.queue[self.tail] = co
end

function Scheduler:pop()
  if self.head > self.tail then return nil end
  local co = self.queue[self.head]
  self.queue[self.head] = nil
  self.head = self.head + 1
  return co
end

function Scheduler:run()
  local steps = 0
  while true do
    local co = self:pop()
    if not co then break end
    steps = steps + 1
    local ok, req, arg = coroutine.resume(co)
    local name = self.names[co]
    if not ok then
      self.log[#self.log + 1] = name .. " failed: " .. tostring(req)
      self.results[name] = "error"
      self:wake(name)
    elseif coroutine.status(co) == "dead" then
      self.log[#self.log + 1] = name .. " finished: " .. tostring(req)
      self.results[name] = req
      self:wake(name)
    elseif req == "wait" then
      if self.results[arg] ~= nil then
        self:push(co)
      else
        local w = self.waiting[arg] or {}
        w[#w + 1] = co
        self.waiting[arg] = w
      end
    else
      self:push(co)
    end
  end
  return steps
end

function Scheduler:wake(name)
  local w = self.waiting[name]
  if w then
    for i = 1, #w do self:push(w[i]) end
    self.waiting[name] = nil
  end
end

local S = Scheduler.new()
local out = {}

local function worker(name, n)
  for i = 1, n do
    out[#out + 1] = name .. i
    coroutine.yield()
  end
  return name .. " did " .. n
end

S:spawn("A", worker, "a", 3)
S:spawn("B", worker, "b", 5)
S:spawn("C", function()
  coroutine.yield()
  out[#out + 1] = "C spawns D"
  S:spawn("D", worker, "d", 2)
  coroutine.yield("wait", "D")
  out[#out + 1] = "C saw D: " .. tostring(S.results.D)
  return "c done"
end)
S:spawn("E", function()
  coroutine.yield()
  error("E crashed", 0)
end)
S:spawn("F", function()
  coroutine.yield("wait", "E")
  return "F saw E " .. tostring(S.results.E)
end)

local steps = S:run()
print("steps", steps)
local line = ""
for i = 1, #out do line = line .. out[i] .. " " end
print(line)
for i = 1, #S.log do print(S.log[i]) end
