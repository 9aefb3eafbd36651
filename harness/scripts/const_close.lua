-- <const> locals and <close> variables: __close on every way out of a scope.
local K <const> = 10
local S <const> = "str"
print(K * 2, S .. "!")
local function f() return K + 1 end
print(f())

local log = {}
local function closer(name)
  return setmetatable({}, { __close = function(_, err)
    log[#log + 1] = name .. ":" .. tostring(err)
  end })
end
local function dump()
  print(#log, log[1], log[2], log[3], log[4])
  log = {}
end

do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = nil
  local d <close> = false
end
dump()

for i = 1, 3 do
  local x <close> = closer("loop" .. i)
  if i == 2 then break end
end
dump()

local function ret()
  local r <close> = closer("ret")
  return "returned"
end
print(ret())
dump()

local ok, err = pcall(function()
  local e1 <close> = closer("e1")
  local e2 <close> = closer("e2")
  error("boom", 0)
end)
print(ok, err)
dump()

local ok2, err2 = pcall(function()
  local t <close> = closer("tbl")
  error({ code = 7 })
end)
print(ok2, type(err2), err2.code)
print(#log, log[1] == "tbl:" .. tostring(err2))
log = {}

-- A __close that errors replaces the error in flight.
local ok3, err3 = pcall(function()
  local z <close> = setmetatable({}, { __close = function() error("in close", 0) end })
  error("original", 0)
end)
print(ok3, err3)

-- Values being returned survive the closing.
local function values()
  local v <close> = closer("v")
  local a, b = 1, 2
  return a, b, "three"
end
print(values())
dump()

-- A variable without __close is an error at declaration.
print(pcall(function() local bad <close> = {} end))
print(pcall(function() local bad <close> = 42 end))

-- goto out of a block closes it too.
do
  local i = 0
  ::again::
  i = i + 1
  do
    local g <close> = closer("g" .. i)
    if i < 3 then goto again end
  end
end
dump()
