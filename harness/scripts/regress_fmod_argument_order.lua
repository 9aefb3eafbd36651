-- lua5.4 checks math.fmod's second argument first (C evaluation order of
-- luaL_checknumber(L, 1), luaL_checknumber(L, 2) in one call under gcc), so with
-- two bad arguments it reports #2; luatb reports #1. Found by `luatb fuzz`.
print(pcall(math.fmod, nil, nil))
print(pcall(math.fmod, "", {}))
print(pcall(math.fmod, 1.5, "x"))
