-- A `__concat` metamethod in the middle of a chain of concatenations. Lua 5.4.9 (the
-- vendored reference) concatenates the metamethod's result with the rest of the chain;
-- Debian's lua5.4 (5.4.4) drops the part to its left. We follow the vendored reference.
-- (Found by the differential fuzz target.)
local S = setmetatable({}, { __concat = function(a, b)
  return (type(a) == "string" and a or "S") .. (type(b) == "string" and b or "S")
end })
print("a" .. S, S .. "b", "x" .. S .. "y")
print(1 .. 2 .. S)
print("p" .. "q" .. S .. "r" .. "s")
local n = 3
print(n .. S .. n, S .. S .. "!")
