local text = "the quick brown fox jumps over the lazy dog and THE Quick BROWN cat sat on a mat zebra Zebra apple Apple"
local words, start = {}, 1
for i = 1, #text + 1 do
  if i > #text or text:sub(i, i) == " " then
    words[#words + 1] = text:sub(start, i - 1)
    start = i + 1
  end
end
local copy = {table.unpack(words)}
table.sort(copy)
print(table.concat(copy, " "))
-- case-insensitive with a tie-breaker, so the order is total
table.sort(copy, function(a, b)
  local la, lb = a:lower(), b:lower()
  if la ~= lb then return la < lb end
  return a < b
end)
print(table.concat(copy, " "))
-- by length, then reversed alphabetical
table.sort(copy, function(a, b)
  if #a ~= #b then return #a > #b end
  return a > b
end)
print(table.concat(copy, " "))
-- strings with embedded zeros and high bytes compare bytewise
local odd = {"a\0b", "a", "a\0a", "\255", "\127", "", "ab", "a\0"}
table.sort(odd)
local shown = {}
for i, s in ipairs(odd) do shown[i] = string.format("%q", s) end
print(table.concat(shown, " "))
-- numeric strings sort as strings, numbers as numbers
local ns = {"10", "9", "100", "1"}
table.sort(ns)
print(table.concat(ns, " "))
local nn = {10, 9, 100, 1, 1.5, -1}
table.sort(nn)
print(table.concat(nn, " "))
