-- An error inside an xpcall message handler goes to the handler in turn, as in lua5.4,
-- until it succeeds or the C stack would overflow (found by the differential fuzz target).
local n = 0
print(xpcall(error, function(m) n = n + 1; if n == 1 then error("again", 0) end; return "got " .. tostring(m) end, "first"))
print(xpcall(error, function(m) return select(2, xpcall(error, function(m2) return "inner " .. m2 end, "x")) .. "/" .. m end, "outer"))
print(xpcall(function() error({}) end, function(e) return warn(e), #e end))
local k = 0
print(xpcall(error, function(m) k = k + 1; error(k, 0) end, "loop"))
print(k > 100)

-- The same when the body cannot even be called: the handler is retried on its own error.
local tries = 0
print(xpcall(nil, function(m)
  tries = tries + 1
  if tries < 3 then error("retry " .. tries, 0) end
  return "handled: " .. tostring(m)
end))
print(tries)
print(xpcall(42, function(m) return "h:" .. m end))
