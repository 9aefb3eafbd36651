-- A module with private state; records how it was loaded.
local M = {}
local count = 0
M.loaded_as, M.loaded_from = ...
M.loads = (COUNTER_MODULE_LOADS or 0) + 1
COUNTER_MODULE_LOADS = M.loads

function M.inc(n)
  count = count + (n or 1)
  return count
end

function M.get()
  return count
end

return M
