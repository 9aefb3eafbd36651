-- upper, lower and reverse work byte by byte, ASCII only.
local function err(f, ...) local ok, m = pcall(f, ...) return ok and "ok" or m end
print(("Hello, World!"):upper(), ("Hello, World!"):lower(), ("Hello, World!"):reverse())
print((""):upper() .. "|", (""):reverse() .. "|", ("a"):reverse(), ("ab"):reverse())
print(("\0a\0B"):upper():byte(1, -1))
print(("\0a\0B"):lower():byte(1, -1))
print(("\200\233\255"):upper():byte(1, -1))
print(("ÀÉ"):lower() == "ÀÉ", ("àé"):upper() == "àé")
print(string.upper(12), string.lower(1e100), string.reverse(123))
local s = ""
for i = 0, 255 do s = s .. string.char(i) end
local u, l = s:upper(), s:lower()
local cu, cl = 0, 0
for i = 1, 256 do
  if u:byte(i) ~= s:byte(i) then cu = cu + 1 end
  if l:byte(i) ~= s:byte(i) then cl = cl + 1 end
end
print(cu, cl, u:sub(98, 123), l:sub(66, 91), s:reverse():byte(1), #s:reverse())
print(err(string.upper), err(string.reverse, {}))
