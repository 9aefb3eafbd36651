-- Yields inside metamethods run by opcodes, __call, pcall and loaded chunks work; inside
-- library functions without continuations (require, concat, sort, ipairs' lookups, an
-- xpcall message handler) they fail as in 5.4.
local function try(label, fn, ...)
  local c = coroutine.create(fn)
  local r = table.pack(coroutine.resume(c, ...))
  local r2 = table.pack(coroutine.resume(c, "R"))
  print(label, table.unpack(r, 1, r.n)); print("", table.unpack(r2, 1, r2.n))
end
try("xpcall handler", function() return xpcall(error, function(m) coroutine.yield("h") return m end, "e") end)
try("xpcall body", function() return xpcall(function() return coroutine.yield("b") end, print) end)
try("require", function() package.preload.ym = function() coroutine.yield("m") return 1 end return require("ym") end)
try("setmetatable idx via concat", function() return table.concat(setmetatable({}, {__index = function() coroutine.yield() end}), ",", 1, 2) end)
try("__index in for", function() local t = setmetatable({}, {__index = function(_, k) return coroutine.yield(k) end}) return t.x end)
try("__lt in sort", function() local mt = {__lt = function() coroutine.yield() return true end} table.sort({setmetatable({}, mt), setmetatable({}, mt)}) end)
try("__call", function() return setmetatable({}, {__call = function(_, a) return coroutine.yield(a) end})("c") end)
try("__eq", function() local mt = {__eq = function() return coroutine.yield("eq") end} return setmetatable({}, mt) == setmetatable({}, mt) end)
try("__concat", function() return "a" .. setmetatable({}, {__concat = function(a, b) return coroutine.yield("cc") end}) end)
try("__len", function() return #setmetatable({}, {__len = function() return coroutine.yield("len") end}) end)
try("ipairs __index", function() for i, v in ipairs(setmetatable({}, {__index = function(_, i) if i < 2 then return coroutine.yield(i) end end})) do end return "done" end)
try("pcall(coroutine.yield)", function() return pcall(coroutine.yield, 1, 2) end)
try("wrap nested", function() local w = coroutine.wrap(function() coroutine.yield("inner") end) return w(), coroutine.yield("outer") end)
try("tail dofile pcall", function() return select(2, pcall(dofile, "/nonexistent")) end)
try("load", function() return load("return coroutine.yield('in load')")() end)
