-- Local scoping: shadowing, do-blocks, locals vs globals, function parameters.
x = "global x"
local x = "local x"
print(x, _G.x)
do
  local x = "inner x"
  print(x)
  do
    local x = x .. " (shadowed again)"
    print(x)
  end
  print(x)
end
print(x)
-- A local is not visible in its own initialiser.
local y = "outer y"
do
  local y = y .. " + inner"
  print(y)
end
-- local function can recurse; local f = function cannot see itself.
local function rec(n) if n == 0 then return "rec ok" end return rec(n - 1) end
print(rec(3))
local notrec = function(n) return n end
local notrec = function(n) if n == 0 then return "base" end return notrec(n - 1) end
print(notrec(5))
-- Parameters shadow outer locals; extra arguments are dropped, missing ones are nil.
local a = "outer a"
local function params(a, b) return a, b end
print(params(1), params(1, 2, 3), a)
-- Globals created inside functions.
local function setg() newglobal = "created" end
print(newglobal)
setg()
print(newglobal)
newglobal = nil
print(newglobal, rawget(_G, "newglobal"))
-- Loop variables do not leak.
for i = 1, 2 do end
print(i)
-- Many locals in one function.
local function many()
  local v1, v2, v3, v4, v5, v6, v7, v8, v9, v10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local v11, v12, v13, v14, v15, v16, v17, v18, v19, v20 = 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
  local v21, v22, v23, v24, v25, v26, v27, v28, v29, v30 = 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
  return v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + v10 + v11 + v12 + v13 + v14 + v15 +
         v16 + v17 + v18 + v19 + v20 + v21 + v22 + v23 + v24 + v25 + v26 + v27 + v28 + v29 + v30
end
print(many())
-- A block's locals are released: a new local reuses the slot but not the value.
do local tmp = "first" end
do local tmp2; print(tmp2) end
-- Same name declared twice in one scope: the second shadows the first.
local dup = 1
local dup = dup + 1
print(dup)
