local function res(name)
  return setmetatable({}, {__close = function() print("close", name) end})
end
do
  local a <close> = res("a")
  local b <close> = res("b")
  print("in")
end
local function f()
  local x <close> = res("x")
  return 1
end
local function g()
  local y <close> = res("y")
  return f()
end
local function h()
  do
    local z <close> = res("z")
  end
  return f()
end
for i = 1, 2 do
  local w <close> = res(i)
  if i == 2 then break end
end
print(f(), g(), h())
