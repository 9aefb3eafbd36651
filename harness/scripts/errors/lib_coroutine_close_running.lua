local co = coroutine.wrap(function()
  coroutine.close((coroutine.running()))
end)
co()
