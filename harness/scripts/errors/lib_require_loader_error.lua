package.preload.failing = function(name, extra)
  error("cannot initialise " .. name .. " (" .. extra .. ")")
end
require("failing")
