-- Values passed both ways through resume and yield: counts, nils, varargs.

local function show(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  local s = "n=" .. n
  for i = 1, n do s = s .. " " .. parts[i] end
  return s
end

local co = coroutine.create(function(...)
  print("start", show(...))
  local r = table.pack and table.pack(coroutine.yield()) or {n = 0}
  print("got", show(coroutine.yield(1, nil, 3)))
  print("got", show(coroutine.yield()))
  print("got", show(coroutine.yield(nil)))
  print("got", show(coroutine.yield(nil, nil)))
  return nil, nil, "end", nil
end)

print("r1", show(coroutine.resume(co, "a", nil, "c", nil)))
print("r2", show(coroutine.resume(co)))
print("r3", show(coroutine.resume(co, "x", "y")))
print("r4", show(coroutine.resume(co, nil)))
print("r5", show(coroutine.resume(co, nil, nil, nil)))
print("r6", show(coroutine.resume(co, 1, 2, 3, 4, 5)))
print("r7", show(coroutine.resume(co)))

-- Many values in both directions.
local many = coroutine.wrap(function(...)
  local n = select("#", ...)
  local back = {coroutine.yield(n, ...)}
  return #back, back[1], back[#back]
end)
local args = {}
for i = 1, 200 do args[i] = i * 2 end
local function unpack_(t, i, j)
  i = i or 1
  j = j or #t
  if i > j then return end
  return t[i], unpack_(t, i + 1, j)
end
local r = {many(unpack_(args))}
print("yielded", #r, r[1], r[2], r[201])
print("returned", many(unpack_(args, 1, 150)))

-- Yield inside nested calls returns to the resumer with all values.
local function deep(n, ...)
  if n == 0 then return coroutine.yield(...) end
  return deep(n - 1, ...)
end
local d = coroutine.create(function(...)
  local a, b, c = deep(50, ...)
  return a, b, c
end)
print(coroutine.resume(d, "p", "q"))
print(coroutine.resume(d, "u", "v", "w"))

-- Yield results used as function arguments and in expressions.
local e = coroutine.wrap(function()
  local x = coroutine.yield("first") + coroutine.yield("second")
  local t = {coroutine.yield("third")}
  return x, #t, t[2]
end)
print(e())
print(e(10))
print(e(32))
print(e("a", "b", "c"))

-- The main function's arguments on first resume, yield's results on later ones.
local echo = coroutine.wrap(function(...)
  local args = {...}
  while true do
    args = {coroutine.yield(#args, args[1])}
  end
end)
print(echo())
print(echo(nil))
print(echo(1, 2, 3))
print(echo(false))
