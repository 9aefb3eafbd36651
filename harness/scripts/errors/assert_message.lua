local v = nil
assert(v, "value was nil")
