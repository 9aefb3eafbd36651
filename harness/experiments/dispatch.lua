-- H1 instruction dispatch: ten constant loads (LOADI), the cheapest instruction there is.
local n = N
local a
for i = 1, n do
  a = 1; a = 2; a = 3; a = 4; a = 5
  a = 6; a = 7; a = 8; a = 9; a = 10
end
if a == nil then print(a) end
