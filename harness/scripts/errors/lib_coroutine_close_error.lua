-- The error from a __close run by wrap after a failure replaces the original error.
local w = coroutine.wrap(function()
  local r <close> = setmetatable({}, {__close = function() error("close failed") end})
  error("original")
end)
w()
