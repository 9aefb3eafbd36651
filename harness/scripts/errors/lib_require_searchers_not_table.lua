package.searchers = "not a table"
require("anything")
