-- __close handlers may yield when a block ends or a function returns (CLOSE and RETURN
-- run again after each handler); results of the returning function survive.
local log = {}
local function res(name, yields)
  return setmetatable({}, {__close = function(_, err)
    if yields then log[#log+1] = "yield " .. name; coroutine.yield("closing " .. name) end
    log[#log+1] = "closed " .. name .. (err and (" err=" .. tostring(err)) or "")
  end})
end
local co = coroutine.wrap(function(...)
  do
    local a <close> = res("a", true)
    local b <close> = res("b", false)
    local c <close> = res("c", true)
  end
  local function f(...)
    local x <close> = res("x", true)
    local y <close> = res("y", true)
    return ...
  end
  local r = table.pack(f(1, 2, 3))
  log[#log+1] = "f returned " .. r.n .. ": " .. table.concat(r, ",")
  local function g()
    local z <close> = res("z", true)
    return 10, 20
  end
  local p, q = g()
  log[#log+1] = "g returned " .. p .. "," .. q
  local ok, e = pcall(function()
    local w <close> = res("w", false)
    error("boom", 0)
  end)
  log[#log+1] = "pcall " .. tostring(ok) .. " " .. tostring(e)
  for i = 1, 2 do
    local k <close> = res("loop" .. i, true)
  end
  local v <close> = res("v", true)
  return "end"
end)
while true do
  local r = co()
  print(r)
  if r == "end" then break end
end
for _, l in ipairs(log) do print(l) end
-- __close that errors, native __close
print(pcall(function()
  local a <close> = setmetatable({}, {__close = function() error("close err", 0) end})
  local b <close> = setmetatable({}, {__close = rawequal})
  return 1
end))
local function many(...)
  local t <close> = setmetatable({}, {__close = function() end})
  return ...
end
print(select("#", many(1, nil, 3, nil)), many(4, 5, 6))
