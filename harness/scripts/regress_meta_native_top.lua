-- A metamethod that calls a native, many times over: each return to the interrupted
-- instruction must leave the stack top where the call found it, or the stack climbs
-- until "stack overflow" (and, on register windows, a window per iteration).
local t = setmetatable({}, {__index = function(_, k) return type(k) end})
local n = 0
for i = 1, 400000 do
  if t[i] == "number" then n = n + 1 end
end
print(n)

local u = setmetatable({}, {__add = function(_, b) return select("#", pcall(tostring, b)) end})
local sum = 0
for i = 1, 100000 do sum = sum + (u + i) end
print(sum)

local eq = {__eq = function(a, b) return rawequal(getmetatable(a), getmetatable(b)) end}
local a, b, same = setmetatable({}, eq), setmetatable({}, eq), 0
for _ = 1, 100000 do if a == b then same = same + 1 end end
print(same)
