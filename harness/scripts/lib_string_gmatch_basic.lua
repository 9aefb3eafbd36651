-- string.gmatch: successive matches, with and without captures.
local buf = ""
local function put(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush(...) print(buf, ...); buf = "" end
for w in ("one two  three"):gmatch("%a+") do print(w) end
for k, v in ("a=1, b=22, c=333"):gmatch("(%w+)=(%w+)") do print(k, v) end
for p in ("abc"):gmatch("()") do put(p, " ") end flush()
for a, p in ("xyx"):gmatch("(x)()") do print(a, p) end
for c in ("hello"):gmatch(".") do put(c, "|") end flush()
local n = 0
for _ in ("aaa"):gmatch("a*") do n = n + 1 end
print("a* matches", n)
n = 0
for m in ("abc"):gmatch("x*") do n = n + 1; put("[", m, "]") end flush(n)
for line in ("l1\nl2\n\nl4"):gmatch("([^\n]*)\n?") do put("<", line, ">") end flush()
for num in ("10 -20 3.5 4e2"):gmatch("%S+") do put(tonumber(num) * 2, " ") end flush()
local it = ("a b"):gmatch("%a")
print(it(), it(), it(), it())
for a, b in ("k1=v1;k2=v2"):gmatch("(%w+)=(%w+)") do print(b, a) end
for q in ('"a" "bc" ""'):gmatch('"(.-)"') do put("{", q, "}") end flush()
for x in string.gmatch(12345, "%d%d") do put(x, ",") end flush()
