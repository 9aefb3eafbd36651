-- load with a reader function: pieces are concatenated until nil or "", errors in
-- the reader come back as load's second result.

local function reader_of(pieces)
  local i = 0
  return function()
    i = i + 1
    return pieces[i]
  end
end

print(load(reader_of({"return ", "1 ", "+ ", "41"}))())
print(load(reader_of({"ret", "urn 'spl", "it'"}))())
print(load(reader_of({}))())
print(select("#", load(reader_of({}))()))

-- An empty string ends the chunk, even if more pieces would follow.
print(load(reader_of({"return 'a'", "", "..'b'"}))())

-- Numbers are pieces too.
local nums = {"return ", 1, 2, "+", 0.5}
print(load(reader_of(nums))())

-- Default chunk name is "=(load)".
print(load(reader_of({"x = = 1"})))
print(load(reader_of({"x = = 1"}), "=reader"))
print(pcall(load(reader_of({"error('from chunk')"}))))

-- Mode and env with a reader.
print(load(reader_of({"return 1"}), "r", "b"))
print(load(reader_of({"\27Lua"}), "r", "t"))
local env = {value = "from env"}
print(load(reader_of({"return value"}), "r", "t", env)())

-- A reader returning something else is an error reported by load. (Only the first
-- line of such messages is shown: the stand-alone lua5.4 appends a traceback to them.)
local function first_line(f, e) return f, (string.match(e, "^[^\n]*")) end
print(first_line(load(reader_of({"return 1", {}}))))
print(first_line(load(function() return true end)))

-- Errors raised by the reader come back as load's second result.
print(first_line(load(function() error("reader broke") end)))
print(first_line(load(function() error("reader broke", 0) end)))
local calls = 0
print(first_line(load(function()
  calls = calls + 1
  if calls == 3 then error("third call", 0) end
  return "x = 1 "
end)))
print(calls)

-- A reader that never ends still stops at the first syntax error.
print(load(function() return "return 1 +" end))

-- Character-at-a-time reader over a larger program.
local program = [[
local function fact(n)
  if n <= 1 then return 1 end
  return n * fact(n - 1)
end
local t = {}
for i = 1, 10 do t[i] = fact(i) end
return t[5], t[10], #t
]]
local pos = 0
local char_reader = function()
  pos = pos + 1
  if pos <= #program then return program:sub(pos, pos) end
end
print(load(char_reader, "=chars")())

-- Line-at-a-time reader with a syntax error on a later line.
local lines = {"local a = 1\n", "local b = 2\n", "local c = a +* b\n", "return c\n"}
print(load(reader_of(lines), "=lines"))

-- The reader is called with no arguments.
local seen
print(load(function(...) seen = select("#", ...) return nil end) ~= nil, seen)

-- A callable table as reader is not accepted.
print(pcall(load, setmetatable({}, {__call = function() return nil end})))
