-- gmatch's init argument (5.4), '^' as a plain byte, and empty matches.
local buf = ""
local function put(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush(...) print(buf, ...); buf = "" end
for w in ("one two three"):gmatch("%a+", 5) do put(w, ",") end flush()
for w in ("one two three"):gmatch("%a+", -5) do put(w, ",") end flush()
for w in ("one two three"):gmatch("%a+", 100) do put(w, ",") end flush("end")
for w in ("one two three"):gmatch("%a+", 0) do put(w, ",") end flush()
for w in ("one two three"):gmatch("%a+", -100) do put(w, ",") end flush()
for p in ("abc"):gmatch("()", 2) do put(p, ",") end flush()
for p in ("abc"):gmatch("()", 4) do put(p, ",") end flush()
for p in ("abc"):gmatch("()", 5) do put(p, ",") end flush("none")
for k in ("^a^b"):gmatch("^.") do put(k, ",") end flush()
for k in ("ab"):gmatch("^a") do put(k, ",") end flush("none")
for m in ("abc"):gmatch("b*") do put("[", m, "]") end flush()
for m in ("aXbXXc"):gmatch("X*") do put("[", m, "]") end flush()
for m in ("abc"):gmatch(".-") do put("[", m, "]") end flush()
for a in ("abcabc"):gmatch("a", 2) do put(a) end flush()
