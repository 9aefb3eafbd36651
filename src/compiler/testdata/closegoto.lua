local function f(n)
  for i = 1, n do
    local x = i
    local g = function() return x end
    if i == 2 then goto skip end
    print(g())
    ::skip::
  end
  do
    local y = n
    local h = function() return y end
    if y > 1 then goto out end
    print(h())
  end
  ::out::
  while n > 0 do
    local z = n
    local k = function() return z end
    n = n - 1
    if n == 3 then goto continue end
    print(k())
    ::continue::
  end
  return n
end
do
  goto forward
  local unused
  ::forward::
end
do
  local a = 1
  ::back::
  local b = a
  local c = function() return b end
  a = a + 1
  if a < 3 then goto back end
end
return f
