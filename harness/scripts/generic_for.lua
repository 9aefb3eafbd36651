-- Generic for: stateless and stateful iterators, extra values, the closing value.
local function iter(t, i)
  i = i + 1
  if t[i] then return i, t[i] end
end
for i, v in iter, { "a", "b", "c" }, 0 do print(i, v) end

local function range(n)
  local i = 0
  return function()
    i = i + 1
    if i <= n then return i, i * i end
  end
end
local s = 0
for i, sq in range(5) do s = s + sq end
print(s)

-- Three or more loop variables.
local function triples(n)
  return function(_, i)
    if i < n then return i + 1, (i + 1) * 2, (i + 1) * 3 end
  end, nil, 0
end
for a, b, c, d in triples(3) do print(a, b, c, d) end

-- The control variable stops the loop when nil, not when false.
local function falses()
  local k = 0
  return function()
    k = k + 1
    if k == 1 then return 1, false end
    if k == 2 then return 2, nil end
  end
end
for a, b in falses() do print("got", a, b) end

-- A fourth value is a closing value, closed when the loop ends, breaks or errors.
local closed = {}
local function closing(tag)
  return setmetatable({}, { __close = function(_, e) closed[#closed + 1] = tag .. ":" .. tostring(e) end })
end
for i in range(3), nil, nil, closing("normal") do end
for i in range(10), nil, nil, closing("break") do if i == 2 then break end end
local function find()
  for i in range(10), nil, nil, closing("return") do if i == 4 then return i end end
end
print(find())
print(pcall(function()
  for i in range(10), nil, nil, closing("error") do if i == 3 then error("stop", 0) end end
end))
for i = 1, #closed do print(closed[i]) end

-- A callable table as iterator.
local callable = setmetatable({}, { __call = function(self, st, ctl)
  if ctl < 3 then return ctl + 1 end
end })
for i in callable, nil, 0 do print("callable", i) end
print(pcall(function() for x in 42 do end end))
print(pcall(function() for x in nil do end end))

-- Nested generic loops over the same array.
local arr = { 1, 2, 3 }
local pairs_count = 0
for _, x in ipairs(arr) do
  for _, y in ipairs(arr) do if x < y then pairs_count = pairs_count + 1 end end
end
print(pairs_count)
