-- string.format checks the argument and the spec's modifiers in the order lua5.4 does, which
-- differs by conversion letter, so a case that is wrong both ways names the same problem.
-- (Found by the differential fuzz target: "%0s" with a string holding a zero.)
local raises = setmetatable({}, {__tostring = function() error("tostring raised", 0) end})
local cases = {
  {"%0s", "a\0b"}, {"%0s", raises}, {"%-05s", "ab"}, {"%-05s", "a\0"}, {"%5.2s", "abc"},
  {"%s", "a\0b"}, {"%.1s", "\0"},
  {"%#d", {}}, {"%#d", 1.5}, {"%#i", nil}, {"%+u", "x"}, {"%+u", 3}, {"%#x", "12"},
  {"%#c", {}}, {"%+c", 65}, {"%c", 65},
  {"%#a", {}}, {"%123a", {}}, {"%123f", {}}, {"%1.234g", "z"}, {"% a", "1"}, {"%#f", "x"}, {"%+#g", {}}, {"%00e", 1}, {"%00e", false},
  {"%#p", 1}, {"%-p", nil}, {"%5p", 2},
  {"%5q", {}}, {"%q", {}},
  {"%y", {}}, {"%123456789012345678901234d", {}},
}
for _, c in ipairs(cases) do
  print(c[1], pcall(string.format, c[1], c[2]))
end
print(pcall(string.format, "%#d"))
print(pcall(string.format, "%d %0s", 1))
