-- An error raised by load's reader comes back as load's second result, made by the
-- message handler in force where load was called, as lua5.4 runs its parser: the
-- nearest xpcall's, none inside a pcall or a coroutine, and otherwise the stand-alone
-- interpreter's, which appends a traceback to the message as a C string (cut at a NUL).
-- (Found by the differential fuzz target.)
local function failing(v, level)
  return function() error(v, level) end
end
-- Only the first line of a message, and whether a traceback follows: the in-process
-- reference models lua.c's handler but not its traceback's lines.
local function show(f, e)
  if type(e) ~= "string" then return f, e end
  local first, rest = string.match(e, "^([^\n]*)(.*)$")
  return f, first, rest:find("^\nstack traceback:\n") and "+traceback" or ""
end

print(show(load(failing("plain", 0))))
print(show(load(failing("with\0nul", 0))))
print(show(load(failing(42))))
print(show(load(failing({}))))
print(show(load(failing(setmetatable({}, {__tostring = function() return "shown" end})))))
print(show(load(failing("positioned"))))

print(pcall(function() return load(failing("in pcall\0tail", 0)) end))
print(xpcall(function() return load(failing("in xpcall", 0)) end,
  function(m) return "handled: " .. tostring(m) end))
print(xpcall(function() return type(select(3, pcall(load, failing({}, 0)))) end, print))
print(coroutine.wrap(function() return load(failing("in coroutine\0tail", 0)) end)())

-- Through a native that calls back into Lua, the handler is still the interpreter's.
local got
table.sort({2, 1}, function(a, b)
  got = {show(load(failing("from sort", 0)))}
  return a < b
end)
print(got[2], got[3])
