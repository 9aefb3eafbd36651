-- H3 bytes per closure: N closures, each with its own captured upvalue, all kept alive.
-- With SLOTS set, the same array holds `true` instead, to subtract the array's own cost.
local n, keep = N, {}
for i = 1, n do
  if SLOTS then keep[i] = true else keep[i] = function() return i end end
end
print(#keep)
