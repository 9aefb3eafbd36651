-- rawset's "table index is nil" and "table index is NaN" come from the core's raw store,
-- raised while a native runs, so lua5.4 gives them no position (found by the
-- differential fuzz target).
print(pcall(rawset, {}, nil, 1))
print(pcall(function() rawset({}, nil, 1) end))
print(pcall(function() rawset({}, 0 / 0, 1) end))
print(pcall(function() local t = {} t[nil] = 1 end))
print(pcall(function() rawset({}, 1) end))
