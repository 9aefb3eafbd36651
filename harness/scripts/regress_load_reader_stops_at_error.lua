-- load stops calling its reader at a syntax error that more input cannot change, as
-- lua5.4's lazy lexer does (found by the differential fuzz target: we read one piece more).
local function counting(piece)
  local calls = 0
  local f = function()
    calls = calls + 1
    if calls > 5 then return nil end
    return piece
  end
  return f, function() return calls end
end
for _, piece in ipairs({"x = \255 1 ", "local = 1 ", "x = ) ", "return 1 + ", "x = 3 .", "y = 'open"}) do
  local reader, count = counting(piece)
  local f, e = load(reader, "=piece")
  print(f ~= nil, e, count())
end
