-- Closing tokens on the line of the last item, or alone on a line.
local t = {
  1, 2,
  3 }
local u = { x = 1,
  y = 2, f() }

local v = print(1,
  2
)
print(
  v, u
)
local r = (
  v
)
local s = ("x")
  :upper()
  :lower()
