-- Weak tables: "k", "v", "kv", ephemerons, and strings that never leave a weak table.
local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
local wkv = setmetatable({}, {__mode = "kv"})
local keep = {}
do
  for i = 1, 10 do
    local k = {}
    wk[k] = i
    wv[i] = {}
    wkv[k] = {}
    if i % 2 == 0 then keep[#keep + 1] = k end
  end
  wv.kept = keep
  wk.str = "string keys stay"
  wv.s = "string values stay"
  wkv[1] = 42
end
collectgarbage()
collectgarbage()
print("weak keys", count(wk))
print("weak values", count(wv))
print("weak kv", count(wkv))
print(wv.s, wk.str, wkv[1])

-- Ephemerons: a value that refers to its own key does not keep the key alive.
local eph = setmetatable({}, {__mode = "k"})
do
  for i = 1, 5 do
    local k = {}
    eph[k] = {self = k, n = i}
  end
  local chain_head = {}
  local k = chain_head
  for i = 1, 5 do
    local nxt = {}
    eph[k] = nxt -- each value is the next key: all reachable from chain_head
    k = nxt
  end
  eph.head = chain_head
end
collectgarbage()
print("ephemerons", count(eph))
eph.head = nil
collectgarbage()
print("ephemerons after", count(eph))

-- A value reachable only through a weak-key entry whose key is alive stays.
local alive = {}
eph[alive] = {payload = "kept"}
collectgarbage()
print(eph[alive].payload)

-- Functions and coroutines are collectable values too.
local wf = setmetatable({}, {__mode = "v"})
wf[1] = function() return 1 end
wf[2] = coroutine.create(function() end)
wf[3] = print
collectgarbage()
print("functions", wf[1] == nil, wf[2] == nil, wf[3] == print)

-- Changing the mode of a live table takes effect at the next cycle.
local m = {}
local t = setmetatable({}, m)
t[{}] = 1
collectgarbage()
print("strong before", count(t))
m.__mode = "k"
collectgarbage()
print("weak after", count(t))
