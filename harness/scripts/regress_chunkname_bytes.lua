-- Chunk names are cut to lua5.4's LUA_IDSIZE in bytes, not in characters: a name of
-- multi-byte UTF-8 characters keeps fewer characters than bytes. (Found by the
-- differential fuzz target, with a name of bytes that are not UTF-8. The cuts below
-- fall between characters: a cut inside one leaves a raw byte, which our messages,
-- being Rust strings, show as U+FFFD.)
local e2 = string.rep("\u{e9}", 40)     -- 80 bytes, 40 characters
local e3 = string.rep("\u{20ac}", 30)   -- 90 bytes, 30 characters

-- "=name": the first 59 bytes.
print(load("x =", "=a" .. e2))
print(load("x =", "=ab" .. e3))
-- "@file": "..." and the last 56 bytes.
print(load("x =", "@a" .. e2))
print(load("x =", "@" .. e3 .. "ab"))
-- A source string: its first 45 bytes, then "...".
print(load("x" .. e2 .. " = = 1"))
print(load("xyz" .. e3 .. " = = 1"))
-- Short names are kept whole.
print(load("x =", "=" .. string.rep("\u{e9}", 29)))
print(pcall(load("error('in chunk')", "@" .. string.rep("\u{e9}", 29) .. "f")))
