-- A closing brace on the line of the last item: the tree does not record where `}` is,
-- and code generation assumes a multi-line constructor ends on a line of its own.
local t = {
  1, 2,
  3 }
local u = { x = 1,
  y = 2, f() }

-- The same for a closing parenthesis on a line of its own.
local v = print(1,
  2
)
print(
  v, u
)
local r = (
  v
)
-- A method name on another line than its call chain starts: SELF is stamped with the
-- line of the name, which the tree does not keep.
local s = ("x")
  :upper()
  :lower()
