-- An error inside a loaded chunk carries the chunk's name.
local f = load("local t = nil\nreturn t.field", "=my chunk")
f()
