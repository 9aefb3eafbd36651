-- Only the preload and Lua searchers: the reference's C searchers differ.
package.searchers = {package.searchers[1], package.searchers[2]}
package.path = "no/dir/?.lua;no/dir/?/init.lua"
require("missing.module")
