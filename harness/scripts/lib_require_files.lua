-- require with Lua files found along package.path (modules live in scripts/modules;
-- see lib_load_files.lua for how paths are made to agree everywhere).

local root = os.getenv("CARGO_MANIFEST_DIR")
local MODS = "scripts/modules/?.lua;scripts/modules/?/init.lua"
if root then
  MODS = MODS .. ";" .. root .. "/scripts/modules/?.lua;" .. root .. "/scripts/modules/?/init.lua"
end
package.path = MODS
local function norm(s)
  if type(s) ~= "string" then return s end
  return (string.gsub(s, "[^%s']*scripts/modules/", "modules/"))
end

-- The loader gets the name and the file; require returns the module and the file.
local counter, where = require("counter")
print(type(counter), norm(where))
print(counter.loaded_as, norm(counter.loaded_from), counter.loads)
print(counter.inc(), counter.inc(5), counter.get())

-- Cached: a second require returns the same table, and only one value.
local again = require("counter")
print(again == counter, select("#", require("counter")), again.get())
print(package.loaded.counter == counter)

-- Forgetting the module loads it again, with fresh state.
package.loaded.counter = nil
local fresh = require("counter")
print(fresh == counter, fresh.loads, fresh.get())

-- A module that returns nothing is recorded as true.
local nr, nrwhere = require("noreturn")
print(nr, norm(nrwhere))
print(package.loaded.noreturn, NORETURN_RAN)
print(require("noreturn"), NORETURN_RAN)

-- A module may store its own value in package.loaded.
local reg = require("selfregister")
print(type(reg), reg.registered)

-- A false result is kept but does not count as loaded.
print(require("returns_false"), RETURNS_FALSE_RUNS)
print(package.loaded.returns_false)
print(require("returns_false"), RETURNS_FALSE_RUNS)

-- Packages: "?/init.lua" for the package, dots become directory separators.
local shapes, swhere = require("shapes")
print(shapes.name, norm(swhere))
local Circle, cwhere = require("shapes.circle")
print(norm(cwhere), Circle.new(2):area(), shapes.kinds[1])

-- Cycles resolved by registering early.
local A = require("cycle_a")
print(A.name, A.partner, package.loaded.cycle_b.saw, package.loaded.cycle_b.saw_partner)

-- Errors while loading propagate; nothing is recorded, so the next try runs again.
local ok, e = pcall(require, "raises")
print(ok, norm(e))
print(package.loaded.raises)
ok, e = pcall(require, "raises")
print(ok, norm(e))
local okt, et = pcall(require, "raises_table")
print(okt, type(et), et.reason)

-- Syntax errors are reported by the searcher with the file name.
local oks, es = pcall(require, "syntax_error")
print(oks, norm(es))

-- A runtime error inside a module function called later.
local rt = pcall(require, "runtime_error")
print(rt)

-- package.searchpath finds the same files.
print(norm(package.searchpath("shapes.rect", package.path)))
print(norm(package.searchpath("shapes", package.path)))
local none, tried = package.searchpath("no.such.mod", "scripts/modules/?.lua;x/?.lua")
print(none, norm(tried))

-- Missing modules: every searcher's message (C searchers left out: the reference
-- runs with its own C searchers).
local saved = package.searchers
package.searchers = {saved[1], saved[2]}
package.path = "scripts/nowhere/?.lua;scripts/nowhere/?/init.lua"
print(pcall(require, "absent.module"))
package.path = ""
print(pcall(require, "absent"))
package.searchers = saved
package.path = MODS
