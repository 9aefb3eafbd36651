-- gsub with a table: looked up by the first capture (or the whole match).
local vars = {name = "Lua", version = "5.4", n = 3, flag = false}
print(("$name $version $missing $n $flag"):gsub("%$(%w+)", vars))
print(("a b c"):gsub("%a", {a = "1", b = true and "2"}))
print(("x=1"):gsub("(%w)=(%w)", {x = "X"}))
print(("abc"):gsub("()", {[1] = "one", [3] = "three"}))
print(("hello"):gsub(".", {h = "H", o = 0, l = 1.5}))
local calls = 0
local mt = setmetatable({}, {__index = function(t, k) calls = calls + 1; return k:upper() end})
print(("abc def"):gsub("%a+", mt), calls)
local count = setmetatable({}, {__index = function(t, k) return nil end})
print(("abc"):gsub("%a", count))
print(("1 2 3"):gsub("%d", {["1"] = "one", ["3"] = "three"}))
print(("a.b"):gsub("[%.]", {["."] = "dot"}))
print(("ab"):gsub("%a", {a = false, b = nil}))
