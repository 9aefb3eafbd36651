-- While an error unwinds to a pcall, each pending `__close` runs as a frame of its own,
-- as in lua5.4: it may yield, an error in it replaces the error in flight (through an
-- xpcall's message handler), and the remaining variables still close.
local function closer(name, action)
  return setmetatable({}, {__close = function(_, e)
    print(name .. " closes with", type(e) == "table" and "a table" or e)
    if action then return action(e) end
  end})
end
local function handler(m) return "H(" .. tostring(m) .. ")" end

-- Errors in handlers replace the error; every variable closes, newest first.
print(pcall(function()
  local a <close> = closer("a")
  local b <close> = closer("b", function() error("from b", 0) end)
  local c <close> = closer("c")
  error("boom", 0)
end))
print(xpcall(function()
  local a <close> = closer("a")
  local b <close> = closer("b", function() error({code = 7}) end)
  error("boom", 0)
end, function(m) return type(m) == "table" and m.code or handler(m) end))

-- Native __close methods, one that returns and one that raises, and one that cannot
-- be called.
print(pcall(function()
  local a <close> = closer("a")
  local n <close> = setmetatable({}, {__close = rawequal})
  local m <close> = setmetatable({}, {__close = select})
  error("with native", 0)
end))
local mt = {__close = function() end}
print(pcall(function()
  local a <close> = closer("a")
  local x <close> = setmetatable({}, mt)
  mt.__close = 42
  error("then not callable", 0)
end))
mt.__close = function() end
print(xpcall(function()
  local a <close> = closer("a")
  local x <close> = setmetatable({}, mt)
  mt.__close = "nope"
  error("then not callable", 0)
end, handler))

-- A handler that catches its own error, and one with variables of its own.
print(pcall(function()
  local a <close> = closer("a", function(e)
    print("inner pcall", pcall(error, "inner", 0))
  end)
  error("outer", 0)
end))
print(pcall(function()
  local a <close> = closer("a")
  local b <close> = closer("b", function(e)
    local inner <close> = closer("inner")
    error("b fails", 0)
  end)
  error("first", 0)
end))

-- Nested pcalls: the inner one's variables close for it; the outer sees its result.
print(pcall(function()
  local o <close> = closer("outer var")
  print("inner", pcall(function()
    local i <close> = closer("inner var", function() error("inner close", 0) end)
    error("inner body", 0)
  end))
  error("outer body", 0)
end))

-- Yields from a __close while the error unwinds, in pcall and xpcall.
local co = coroutine.wrap(function()
  print(xpcall(function()
    local a <close> = closer("a", function(e) coroutine.yield("yield a", e) end)
    local b <close> = closer("b", function(e)
      coroutine.yield("yield b", e)
      error("b after yield", 0)
    end)
    error("boom", 0)
  end, handler))
  print(pcall(function()
    local c <close> = closer("c", function(e) return coroutine.yield("yield c", type(e)) end)
    error({}, 0)
  end) == false)
  return "body done"
end)
for _ = 1, 4 do print("resumed:", co()) end

-- A coroutine closed while suspended in such a __close closes the rest.
local co2 = coroutine.create(function()
  pcall(function()
    local a <close> = closer("a2")
    local b <close> = closer("b2", function() coroutine.yield("in b2") end)
    error("boom2", 0)
  end)
end)
print(coroutine.resume(co2))
print(coroutine.close(co2), coroutine.status(co2))
