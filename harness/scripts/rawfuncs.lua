-- rawget, rawset, rawequal, rawlen: bypass metamethods, check arguments.
local mt = {
  __index = function() return "meta" end,
  __newindex = function() error("blocked") end,
  __eq = function() return true end,
  __len = function() return 99 end,
}
local t = setmetatable({ 1, 2, x = "real" }, mt)
print(t.x, t.y, rawget(t, "x"), rawget(t, "y"))
print(rawset(t, "y", "set") == t, rawget(t, "y"), t.y)
local u = setmetatable({}, mt)
print(t == u, rawequal(t, u), rawequal(t, t), #t, rawlen(t))
print(rawequal(1, 1.0), rawequal("a", "a"), rawequal(nil, nil), rawequal(0, -0), rawequal(0 / 0, 0 / 0))
print(rawequal({}, {}), rawequal(print, print), rawequal(1, "1"))
print(rawlen("hello"), rawlen({ 1, 2, 3 }), rawlen({}))
rawset(t, 1.0, "one")
rawset(t, 2 ^ 53, "big")
print(rawget(t, 1), rawget(t, 1.0), rawget(t, 2 ^ 53), rawget(t, 9007199254740992))
print(pcall(rawset, t, nil, 1))
print(pcall(rawset, t, 0 / 0, 1))
print(pcall(rawget, "str", 1))
print(pcall(rawget, t))
print(pcall(rawset, {}, 1))
print(pcall(rawequal, 1))
print(pcall(rawlen))
print(rawget(t, nil), rawget(t, 0 / 0))
rawset(t, "x", nil)
print(rawget(t, "x"), t.x)
-- rawset on a table with __newindex that would error: no error.
local guarded = setmetatable({}, { __newindex = function() error("never") end })
for i = 1, 10 do rawset(guarded, i, i * i) end
print(#guarded, guarded[10])
