-- A table constructor whose last item is a call or `...` sizes its array part for all of
-- its items, as Lua's SETLIST does, so a hole keeps the items after it in place and `#`
-- sees the constructor's shape. Found by `luatb fuzz` (seed 3, case 130502), where
-- `#{nil-valued, tostring(x)}` gave 0 against lua5.4's 2.
local function two() return "a", "b" end
local none = {}
print(#{none[1], tostring(0)})
print(#{nil, two()}, #{nil, nil, two()}, #{1, nil, two()})
local function pack(...) return {...} end
print(#pack(nil, 2), #pack(nil, nil, 3), #pack(1, nil, nil, 4))
print(select("#", table.unpack({nil, two()})))
local t = {nil, two()}
t[#t + 1] = "c"
print(#t, t[3], t[4])
