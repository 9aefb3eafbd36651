-- The assignment to a const is found as soon as its target is read, before the
-- broken statement further down.
local limit <const> = 10
print(limit)
limit = 20
print(limit = = 3)
