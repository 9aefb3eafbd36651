-- An error nobody catches goes through lua.c's message handler where it is raised, so
-- the __close handlers that run afterwards see the message with its traceback, and a
-- string message cut at its first NUL (found by the differential fuzz target).
local t <close> = setmetatable({}, {__close = function(_, e)
  print("close sees", (e:match("^[^\n]*")), e:find("\nstack traceback:\n", 1, true) ~= nil)
end})
local function deeper() error("uncaught\0hidden") end
deeper()
