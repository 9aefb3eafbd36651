local A = require("cycle_a")
return {name = "B", saw = A.name, saw_partner = tostring(A.partner)}
