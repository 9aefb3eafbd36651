-- string.sub with negative, zero, huge and reversed indices.
local function err(f, ...) local ok, m = pcall(f, ...) return ok and "ok" or m end
local s = "hello world"
print(s:sub(1, 5), s:sub(7), s:sub(-5), s:sub(-5, -2), s:sub(0), s:sub(0, 0) .. "|")
print(s:sub(5, 4) .. "|", s:sub(100) .. "|", s:sub(-100, 3), s:sub(3, 100), s:sub(-100, -100) .. "|")
print(s:sub(math.mininteger, math.maxinteger), s:sub(math.maxinteger) .. "|", s:sub(2, math.mininteger) .. "|")
print(s:sub(#s), s:sub(#s + 1) .. "|", s:sub(-1, -1), s:sub(-#s, 1), s:sub(-#s - 1, 1))
print(s:sub(2.0, 3.0), s:sub("2", "3"), s:sub(-3.0), ("")["sub"]("", 1, 1) .. "|")
print(err(s.sub, s, 1.5), err(s.sub, s, "x"))
print(err(string.sub), err(string.sub, {}))
print(string.sub(12345, 2, 3), string.sub(1.25, 2), string.sub(-7, 1, 1))
print(("\0a\0"):sub(2, 2), #("\0a\0"):sub(1, -1), ("abc"):sub(3, 2) == "")
