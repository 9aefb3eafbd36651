-- coroutine.close runs the pending __close handlers of a suspended coroutine, or of one
-- that died by error, on that coroutine but non-yieldable: a yield inside one fails with
-- "attempt to yield across a C-call boundary" (it used to say "from outside a coroutine").
local function closer(tag)
  return setmetatable({}, { __close = function()
    print(tag, coroutine.isyieldable())
    print(tag, pcall(coroutine.yield, tag))
  end })
end

local suspended = coroutine.create(function()
  local a <close> = closer("suspended")
  coroutine.yield("parked")
end)
print(coroutine.resume(suspended))
print(coroutine.close(suspended))
print(coroutine.status(suspended))

local failed = coroutine.create(function()
  local b <close> = setmetatable({}, { __close = function() coroutine.yield("never") end })
  error("failed body")
end)
print(coroutine.resume(failed))
print(coroutine.close(failed))

-- The same from inside another coroutine: still not a yield of the outer one.
local outer = coroutine.wrap(function()
  local inner = coroutine.create(function()
    local c <close> = closer("nested")
    coroutine.yield()
  end)
  coroutine.resume(inner)
  print(coroutine.close(inner))
  return "outer done"
end)
print(outer())
