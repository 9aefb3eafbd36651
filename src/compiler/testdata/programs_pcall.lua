local ok, err = pcall(error, "boom")
print(ok, err)
local function thrower(x)
  if x > 2 then
    error({code = x})
  end
  return x
end
for i = 1, 4 do
  local ok2, res = pcall(thrower, i)
  if ok2 then
    print("ok", res)
  else
    print("err", res.code)
  end
end
print(select("#", pcall(function() return 1, 2, 3 end)))
local ok3, msg = xpcall(function() local t = nil; return t.x end, function(m) return "handled: " .. m end)
print(ok3, msg)
