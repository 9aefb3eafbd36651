-- require without files: package.preload, custom searchers, package.loaded, and the
-- package table's fields.

-- preload loaders get the name and ":preload:".
package.preload.greeter = function(name, extra)
  print("loading", name, extra)
  return {hello = function(who) return "hello " .. who end}
end
local g, data = require("greeter")
print(g.hello("world"), data)
print(require("greeter") == g)

-- Dotted names are plain keys for preload.
package.preload["a.b.c"] = function(name) return "module " .. name end
print(require("a.b.c"))

-- A preload loader returning nothing gives true; one setting package.loaded wins.
package.preload.empty = function() end
print(require("empty"))
package.preload.setter = function(name) package.loaded[name] = "set by loader" end
print(require("setter"))
package.preload.both = function(name)
  package.loaded[name] = "from loaded"
  return "from return"
end
print(require("both"))

-- Loader errors propagate, with their position.
package.preload.broken = function() error("loader failed") end
print(pcall(require, "broken"))
print(package.loaded.broken)

-- Already loaded values short-circuit the searchers (any true value).
package.loaded.fake = 42
print(require("fake"))
package.loaded.fake = false
package.preload.fake = function() return "real now" end
print(require("fake"))

-- package.loaded holds the standard libraries.
print(package.loaded.string == string, package.loaded._G == _G,
      package.loaded.coroutine == coroutine, package.loaded.package == package)
print(require("string") == string, require("_G") == _G)

-- A custom searcher: modules from a table of sources compiled with load.
local sources = {
  ["virtual.math"] = "local name = ... return {name = name, sq = function(x) return x * x end}",
  ["virtual.bad"] = "return = 1",
}
local function virtual_searcher(name)
  local src = sources[name]
  if not src then return "no virtual module '" .. name .. "'" end
  local f, err = load(src, "=" .. name)
  if not f then error(err, 0) end
  return f, "virtual:" .. name
end
table.insert(package.searchers, 2, virtual_searcher)
local vm, vdata = require("virtual.math")
print(vm.name, vm.sq(9), vdata)
print(pcall(require, "virtual.bad"))

-- The not-found message lists every searcher's complaint in order.
local saved = package.searchers
package.searchers = {saved[1], virtual_searcher, function() return nil end,
                     function(n) return 7 end}
print(pcall(require, "ghost"))
-- A searcher returning a loader that is not a function is skipped.
package.searchers = {function() return "not a loader" end,
                     function(n) return function(m, x) return m .. "|" .. x end, "extra" end}
print(require("found.second"))
package.searchers = saved

-- Searchers must be a table.
package.searchers = nil
print(pcall(require, "anything"))
package.searchers = saved

-- Replacing package.loaded does not affect require: it uses the original table.
local real_loaded = package.loaded
package.loaded = {}
print(require("greeter") == g)
package.loaded = real_loaded

-- require needs a string (numbers are converted).
print(pcall(require))
print(pcall(require, {}))
package.preload["5"] = function(n) return "five:" .. n end
print(require(5))

-- The package table.
print(package.config == "/\n;\n?\n!\n-\n")
print(type(package.path), type(package.cpath), type(package.searchpath),
      type(package.loadlib), #package.searchers >= 2)
print(type(package.preload), type(package.loaded))

-- searchpath: separators, replacements, and the list of files tried.
print(package.searchpath("a.b", "x/?.lua;y/?/z.lua"))
print(package.searchpath("a.b", "x/?.lua", "."))
print(package.searchpath("a.b", "x/?.lua", ".", "+"))
print(package.searchpath("a_b", "x/?.lua", "_", "-"))
print(package.searchpath("a.b", "x/?.lua", ""))
print(package.searchpath("m", ""))
print(package.searchpath("m", ";;"))
print(package.searchpath("m", "?;?.x;?"))
print(pcall(package.searchpath, "m"))
print(pcall(package.searchpath, nil, "p"))
