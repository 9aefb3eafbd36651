-- string.format's %s with embedded zeros: kept whole when plain, refused with modifiers.
local function try(...) local ok, m = pcall(string.format, ...) return ok and (m:gsub("%z", "\\0")) or m end
print(try("%s", "a\0b"), try("%s|%s", "\0", "x"))
print(try("%.3s", "a\0bc"))
print(try("%5s", "a\0bc"))
print(try("%-5s", "ab"), try("%.1s", "abc"), try("%5.2s|", "abc"))
print(try("%y", 1))
print(try("%10.3q", 1))
print(try("%d"))
print(try("%d", 1.5))
print(try("%c", 65), try("%s\0x", "a"))
