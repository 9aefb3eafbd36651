-- lua5.4's scanner always reads one character past the token it hands the parser, so a
-- syntax error at the very end of what a reader returned so far makes it call the reader
-- once more; an error with a character after it does not. (Found by the differential fuzz
-- target: `load` of "return \192" then a table.)
local function reader_of(pieces)
  local i, calls = 0, 0
  return function()
    calls = calls + 1
    i = i + 1
    return pieces[i]
  end, function() return calls end
end

local function try(pieces)
  local r, calls = reader_of(pieces)
  local f, e = load(r, "=r")
  -- Only the first line: the stand-alone lua5.4 appends a traceback to a reader's error.
  print(f ~= nil, e and string.match(e, "^[^\n]*"), calls())
end

try({"return \192", {}})
try({"return \192 ", {}})
try({"return \192", "1", {}})
try({"x = = 1", {}})
try({"x = ", "= 1", {}})
try({"x = 1 +", ")", {}})
try({"x = 1 +", ") ", {}})
try({"local t = {a", " = 1, ]", {}})
try({"return 'abc", {}})
try({"return 3", "x", {}})
try({"return 3x", {}})
try({"return 3x ", {}})
try({"return ", "3", " ", nil})
try({"if x then", " end", nil})
try({"goto nowhere", nil})
try({"goto nowhere", {}})
try({"return 1", " +", " 2", nil})
