-- Cyclic modules: register early so that cycle_b can require us back.
local A = {name = "A"}
package.loaded[...] = A
local B = require("cycle_b")
A.partner = B.name
return A
