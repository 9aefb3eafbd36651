-- __close metamethods: order, the error argument, closing on the way out of loops.
local order = {}
local function res(name)
  return setmetatable({ name = name }, { __close = function(self, err)
    order[#order + 1] = self.name .. (err and (":" .. tostring(err)) or "")
  end })
end
local function show()
  local s = ""
  for i = 1, #order do s = s .. order[i] .. " " end
  print(s)
  order = {}
end
do
  local a <close> = res("a")
  do
    local b <close> = res("b")
  end
  local c <close> = res("c")
end
show()
-- Closed in reverse order even when an error escapes, each seeing the error.
print(pcall(function()
  local x <close> = res("x")
  local y <close> = res("y")
  error("E", 0)
end))
show()
-- An error in one __close is passed on to the next ones.
print(pcall(function()
  local p <close> = res("p")
  local q <close> = setmetatable({}, { __close = function() error("Q", 0) end })
  local r <close> = res("r")
end))
show()
-- Closing inside a while loop each iteration.
local i = 0
while i < 3 do
  i = i + 1
  local w <close> = res("w" .. i)
end
show()
-- Closing values in a function that returns from inside nested blocks.
local function nested()
  local o <close> = res("outer")
  do
    local m <close> = res("middle")
    do
      local inner <close> = res("inner")
      return "done"
    end
  end
end
print(nested())
show()
-- __close metamethod taken from the metatable at the time of declaration, called with nil error on normal exit.
local got = {}
do
  local z <close> = setmetatable({}, { __close = function(o, e) got[1] = select('#', o, e); got[2] = e end })
end
print(got[1], got[2])
-- Tail calls are not allowed to skip closing: a return f() in a scope with <close> is not a tail call.
local function deep(n)
  local g <close> = res("g" .. n)
  if n == 0 then return "bottom" end
  return deep(n - 1)
end
print(deep(2))
show()
