-- __tostring of an error object raises an error: lua.c hands that error to its message handler in turn (found by the differential fuzz target).
error(setmetatable({}, { __tostring = function() repurn "custom error object" end }))
