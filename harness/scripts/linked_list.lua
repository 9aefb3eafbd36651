-- Linked lists and a deque: push/pop at both ends, reverse, iterate with closures.
local function cons(v, rest) return { v = v, next = rest } end
local list = nil
for i = 1, 10 do list = cons(i, list) end
local function tostr(l) local s = "" while l do s = s .. l.v .. " "; l = l.next end return s end
print(tostr(list))
local function reverse(l)
  local r = nil
  while l do r = cons(l.v, r); l = l.next end
  return r
end
print(tostr(reverse(list)))
local function iter(l) return function() if l then local v = l.v; l = l.next; return v end end end
local sum = 0
for v in iter(list) do sum = sum + v end
print(sum)
local function map(l, f) if not l then return nil end return cons(f(l.v), map(l.next, f)) end
print(tostr(map(list, function(x) return x * x end)))
local function filter(l, p) if not l then return nil end if p(l.v) then return cons(l.v, filter(l.next, p)) end return filter(l.next, p) end
print(tostr(filter(list, function(x) return x % 3 == 0 end)))
-- A deque backed by a table with two indices.
local Deque = {}
Deque.__index = Deque
function Deque.new() return setmetatable({ first = 0, last = -1 }, Deque) end
function Deque:push_front(v) self.first = self.first - 1; self[self.first] = v end
function Deque:push_back(v) self.last = self.last + 1; self[self.last] = v end
function Deque:pop_front() if self.first > self.last then return nil end local v = self[self.first]; self[self.first] = nil; self.first = self.first + 1; return v end
function Deque:pop_back() if self.first > self.last then return nil end local v = self[self.last]; self[self.last] = nil; self.last = self.last - 1; return v end
function Deque:size() return self.last - self.first + 1 end
local d = Deque.new()
for i = 1, 5 do d:push_back(i); d:push_front(-i) end
print(d:size(), d:pop_front(), d:pop_back(), d:pop_front(), d:size())
while d:size() > 0 do d:pop_back() end
print(d:size(), d:pop_front(), d:pop_back())
-- Many pushes and pops keep indices consistent.
for i = 1, 10000 do d:push_back(i) end
local acc = 0
for _ = 1, 5000 do acc = acc + d:pop_front() end
print(acc, d:size(), d:pop_front(), d:pop_back())
