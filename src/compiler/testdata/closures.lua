local x = 1
local function outer(a)
  local y = 2
  local function middle(b)
    local z = 3
    return function(c)
      x = x + a + b + c + y + z
      return x
    end
  end
  return middle
end
local counter = function()
  local n = 0
  return function()
    n = n + 1
    return n
  end
end
local fs = {}
for i = 1, 3 do
  fs[i] = function() return i end
end
for _, v in ipairs({1, 2}) do
  fs[#fs + 1] = function() return v end
end
do
  local shared = 0
  fs.inc = function() shared = shared + 1 end
  fs.get = function() return shared end
end
local i = 0
while i < 3 do
  local j = i
  fs[j] = function() return j end
  i = i + 1
end
return outer, counter
