-- H1 register access: ten register-to-register moves (MOVE) per iteration.
local n = N
local a, b, c = 1, 2, 3
for i = 1, n do
  a = b; b = c; c = a; a = b; b = c
  c = a; a = b; b = c; c = a; a = b
end
if a == nil then print(b, c) end
