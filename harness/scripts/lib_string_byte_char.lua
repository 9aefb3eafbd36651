-- string.byte ranges and string.char round trips.
local function err(f, ...) local ok, m = pcall(f, ...) return ok and "ok" or m end
local s = "ABCDE"
print(s:byte(), s:byte(2), s:byte(-1), s:byte(1, 3), s:byte(-2, -1))
print(s:byte(0), s:byte(10), s:byte(3, 2), s:byte(-10, 2), s:byte(0, 1))
print(select("#", s:byte(1, -1)), select("#", s:byte(6)), select("#", s:byte(-10)))
print(s:byte(math.mininteger, math.maxinteger))
print((""):byte(), select("#", (""):byte(1, -1)), ("\0\255"):byte(1, 2))
print(string.char(), string.char(72, 105), string.char(0, 255):byte(1, 2))
print(err(string.char, 256), err(string.char, -1), err(string.char, 65, "x"))
print(err(string.char, 1.5), string.char("65", 66.0))
local str = ""
for i = 0, 255 do str = str .. string.char(i) end
print(#str, str:byte(1), str:byte(256), str:byte(129))
local ok = true
for i = 1, 256 do if str:byte(i) ~= i - 1 then ok = false end end
print(ok, string.byte(123, 2), string.byte(1.5, 2))
print(err(string.byte), err(string.byte, "a", "x"))
