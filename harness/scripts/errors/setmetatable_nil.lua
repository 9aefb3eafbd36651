setmetatable(nil, {})
