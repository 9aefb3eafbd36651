local huge = setmetatable({}, {__len = function() return math.maxinteger end})
table.sort(huge)
