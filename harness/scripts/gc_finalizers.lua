-- __gc finalizers: called once, newest first, resurrection, errors. (Those pending at
-- exit run when the state closes: tests/gc_limits.rs, as the embedded reference does not.)
local log = {}
local function fin(name)
  return {__gc = function(o) log[#log + 1] = name .. ":" .. tostring(o.v) end}
end

do
  for i = 1, 3 do setmetatable({v = i}, fin("a")) end
end
collectgarbage()
print(table.concat(log, " "))

-- Resurrection: the finalizer stores its object; it is usable, and is not finalized again.
log = {}
local saved
do
  setmetatable({v = "r"}, {__gc = function(o) saved = o; log[#log + 1] = "once" end})
end
collectgarbage()
print(saved and saved.v, #log)
saved = nil
collectgarbage()
collectgarbage()
print(#log)

-- A resurrected object stays a weak key until it is really gone, but leaves weak values.
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
do
  local o = setmetatable({}, {__gc = function() end})
  wk[o] = true
  wv[1] = o
end
collectgarbage()
local nk = 0
for _ in pairs(wk) do nk = nk + 1 end
print("weak key kept during finalization", nk, "weak value", wv[1])
collectgarbage()
nk = 0
for _ in pairs(wk) do nk = nk + 1 end
print("weak key after", nk)

-- __gc must be in the metatable when it is set.
log = {}
do
  local mt = {}
  setmetatable({v = "late"}, mt)
  mt.__gc = function() log[#log + 1] = "late" end
  setmetatable({v = "early"}, {__gc = function() log[#log + 1] = "early" end})
end
collectgarbage()
print(table.concat(log, " "))

-- An error in a finalizer does not stop the others (it is only a warning).
log = {}
do
  setmetatable({}, {__gc = function() log[#log + 1] = "after" end})
  setmetatable({}, {__gc = function() error("boom") end})
  setmetatable({}, {__gc = function() log[#log + 1] = "before" end})
end
collectgarbage()
print(table.concat(log, " "))

-- A non-function __gc is ignored.
do setmetatable({}, {__gc = true}) end
collectgarbage()
print("ok")

print("end of script")
