-- A table error object with __tostring crosses the coroutine boundary unchanged.
local E = setmetatable({}, {__tostring = function() return "custom coroutine error" end})
local w = coroutine.wrap(function() coroutine.yield() error(E) end)
w()
w()
