local s = "aä€😀z"
for p, c in utf8.codes(s) do print(p, c) end
for p, c in utf8.codes("") do print("never", p, c) end
local n = 0
for p, c in utf8.codes("hello") do n = n + c end
print(n)
for p, c in utf8.codes("\u{D800}x", true) do print(p, c) end
for p, c in utf8.codes("\u{7FFFFFFF}", true) do print(p, c) end
print(pcall(function() for p, c in utf8.codes("ab\xffcd") do end end))
print(pcall(function() for p, c in utf8.codes("\u{D800}") do end end))
print(pcall(function() for p, c in utf8.codes("a\xE2\x82") do end end))
print(pcall(utf8.codes, nil))
local f, st, init = utf8.codes("xy")
print(type(f), st, init)
print(f("xy", 0))
print(f("xy", 1))
print(f("xy", 2))
print(f("xy", -1))
