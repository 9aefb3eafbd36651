-- load with string chunks: results, chunk names in messages, syntax errors returned
-- as values, modes, and varargs.

local f = load("return 1 + 2")
print(type(f), f())

print(load("return ...", "varargs")(1, nil, 3))
print(select("#", load("return ...")(nil, nil)))

-- Chunk names: the string itself by default, "=name" verbatim, "@file" as a file.
print(load("x ="))
print(load("x =", "=custom"))
print(load("x =", "@some/file.lua"))
print(load("local a = 1\nlocal b = = 2", "=two lines"))
print(load("return 1\n+", "first line\nsecond line"))
print(load(string.rep("x", 100) .. " = = 1"))
print(type(load("error('runtime')", "=named")))
print(pcall(load("error('runtime')", "=named")))
print(pcall(load("error('runtime')", "@named.lua")))
print(pcall(load("error('runtime')")))
print(pcall(load("\n\nerror('line three')", "=lines")))

-- Runtime errors name variables as usual inside loaded chunks.
print(pcall(load("local t; return t.x", "=idx")))
print(pcall(load("return undefined_fn()", "=call")))

-- Every kind of syntax error comes back as nil plus the message.
local bad = {
  "x = }", "for i = 1 do end", "local function end", "return return",
  "x = 'unfinished", "goto nowhere", "break", "local x <const> = 1; x = 2",
  "x = [[ long", "f(", "a.b:c = 1", "::l:: ::l::", "local x <foo> = 1",
  "return 0x", "x = 1e", "--[[ unfinished comment",
}
for _, src in ipairs(bad) do
  local fn, msg = load(src, "=bad")
  print(fn, msg)
end

-- '#' on the first line is not skipped for strings.
print(load("#!/usr/bin/lua\nreturn 1"))

-- Modes.
print(load("return 1", "m", "t") ~= nil)
print(load("return 1", "m", "bt") ~= nil)
print(load("return 1", "m", "b"))
print(load("return 1", "m", ""))
print(load("\27Lua\84\0", "m", "t"))
print(load("\27", "=bin", "t"))
print(load("", "=empty", "b"))

-- Numbers are accepted as chunks (converted to strings).
print(load(42))
print(pcall(load, nil))
print(pcall(load, true))
print(pcall(load, {}))
print(pcall(load, "return 1", {}))
print(pcall(load, "return 1", "x", {}))

-- Each call to load makes a fresh function with its own locals.
local src = "local n = 0; return function() n = n + 1; return n end"
local c1, c2 = load(src)(), load(src)()
print(c1(), c1(), c2())

-- Upvalues: a loaded chunk's only upvalue is _ENV, the global table.
X_GLOBAL = "global value"
print(load("return X_GLOBAL")())
print(load("X_SET = 5")(), X_SET)
print(load("return _ENV == _G")())

-- Empty chunks and chunks that only return.
print(load("")())
print(select("#", load("")()))
print(load("return")())
print(load("   -- just a comment\n")())

-- Long chunk built piecewise.
local parts = {}
for i = 1, 150 do parts[#parts + 1] = "local v" .. i .. " = " .. i end
parts[#parts + 1] = "return v1 + v75 + v150"
print(load(table.concat(parts, "\n"))())
local many = {}
for i = 1, 300 do many[i] = "local v" .. i .. " = " .. i end
print(load(table.concat(many, "\n"), "=locals"))
local exprs = {"return 0"}
for i = 1, 500 do exprs[#exprs + 1] = "+" .. i end
print(load(table.concat(exprs))())
