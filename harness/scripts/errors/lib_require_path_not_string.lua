package.path = nil
require("needs.path")
