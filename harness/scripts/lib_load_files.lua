-- loadfile and dofile on the files in scripts/modules. The files are found from the
-- harness directory, or through CARGO_MANIFEST_DIR when run elsewhere; paths in the
-- output are shown relative to "modules/" so that both agree.

local root = os.getenv("CARGO_MANIFEST_DIR")
local MODS = "scripts/modules/?.lua"
if root then MODS = MODS .. ";" .. root .. "/scripts/modules/?.lua" end
local function file(name) return assert(package.searchpath(name, MODS)) end
local function norm(s)
  if type(s) ~= "string" then return s end
  return (string.gsub(s, "[^%s']*scripts/modules/", "modules/"))
end

-- loadfile compiles without running; the '#' first line is skipped.
local f = loadfile(file("loadme"))
print(type(f))
print(f("x", "y"))
print(f())

-- A UTF-8 byte order mark is skipped too, alone or before a '#' line.
print(loadfile(file("bom"))())
print(loadfile(file("bomshebang"))())

-- Syntax errors are returned with the file name as chunk name.
local g, msg = loadfile(file("syntax_error"))
print(g, norm(msg))

-- Runtime errors carry the file name and line.
local h = loadfile(file("runtime_error"))
local ok, e = pcall(h)
print(ok, norm(e))

-- Missing files.
print(loadfile("no/such/file.lua"))
print(pcall(dofile, "no/such/file.lua"))

-- Modes and environments.
print(loadfile(file("loadme"), "b"))
print(loadfile(file("loadme"), "t") ~= nil)
local env = {select = select}
local fe = loadfile(file("multi"), "t", env)
print(fe())
print(env.DOFILE_RUNS, DOFILE_RUNS)
local nilenv = loadfile(file("multi"), "bt", nil)
local ok2, e2 = pcall(nilenv)
print(ok2, norm(e2))

-- dofile runs the file and returns all its results.
print(dofile(file("multi")))
print(dofile(file("multi")))
print(select("#", dofile(file("multi"))))
print(DOFILE_RUNS)

-- dofile propagates errors unchanged.
local ok3, e3 = pcall(dofile, file("runtime_error"))
print(ok3, norm(e3))
local ok4, e4 = pcall(dofile, file("syntax_error"))
print(ok4, norm(e4))

-- Bad arguments.
print(pcall(loadfile, {}))
print(pcall(dofile, {}))
print(pcall(loadfile, file("loadme"), {}))

-- loadfile returns a fresh function each time.
local a1, a2 = loadfile(file("loadme")), loadfile(file("loadme"))
print(a1 == a2, a1() == a2())

-- Reading a directory fails when reading, not when opening.
print(loadfile("scripts/modules/.") == nil)
