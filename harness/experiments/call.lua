-- H1 function call: five calls of an empty Lua function (call and return) per iteration.
local n = N
local function f() end
for i = 1, n do
  f(); f(); f(); f(); f()
end
