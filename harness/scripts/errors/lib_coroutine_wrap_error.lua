-- An error inside a wrapped coroutine is re-raised with the caller's position added.
local gen = coroutine.wrap(function()
  coroutine.yield(1)
  error("generator broke")
end)
print(gen())
print(gen())
