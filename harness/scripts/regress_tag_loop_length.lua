-- The length at which `__index` and `__newindex` chains are refused, for present and
-- absent keys: each step takes a handler and looks in it, at most 2000 steps, as in
-- luaV_finishget/finishset (a chain of 2000 metatables still finds its last table's key).
local function chain(n)
  local t = {}
  local cur = t
  for i = 1, n do
    local nxt = {}
    setmetatable(cur, {__index = nxt, __newindex = nxt})
    cur = nxt
  end
  cur.v = "end"
  return t, cur
end
for _, n in ipairs{1998, 1999, 2000, 2001} do
  local t, last = chain(n)
  print(n, pcall(function() return t.v end), pcall(function() return t[1] end),
        pcall(function() local k = "v" return t[k] end), pcall(function() return t[1.0] end))
  print(n, pcall(function() t.v = 1 end), last.v, pcall(function() t.w = 2 end), rawget(last, "w"),
        pcall(function() t[3] = 3 end), rawget(last, 3))
end
-- a chain through a non-table handler: strings index through their metatable
local s = setmetatable({}, {__index = "abc"})
print(pcall(function() return type(s.len) end))
print(pcall(function() return s.nope end))
print(pcall(function() return setmetatable({}, {__index = 5}).x end))
print(pcall(function() setmetatable({}, {__newindex = 5}).x = 1 end))
