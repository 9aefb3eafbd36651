local once = coroutine.wrap(function() return "only once" end)
print(once())
print(once())
