-- string.rep with separators, n <= 0 and the size limit.
local function err(f, ...) local ok, m = pcall(f, ...) return ok and "ok" or m end
print(("ab"):rep(3), ("ab"):rep(3, ","), ("ab"):rep(1, ","), ("ab"):rep(0) .. "|", ("ab"):rep(-5) .. "|")
print(("x"):rep(0, "sep") .. "|", (""):rep(5) .. "|", (""):rep(5, "-"), ("-"):rep(3, ""))
print(#("abc"):rep(1000), #("abc"):rep(1000, "--"), ("a"):rep(3.0), ("a"):rep("2"))
print(err(string.rep, "x", 2^31))
print(err(string.rep, "x", 2^31 - 1, "y"))
print(err(string.rep, "ab", 2^30))
print(err(string.rep, "x", math.maxinteger))
print(err(string.rep, "", math.maxinteger, "x"))
print(err(string.rep, "x", 1.5), err(string.rep, "x"), err(string.rep))
print(string.rep(5, 3), string.rep(1.5, 2, 0), string.rep("\0", 3):byte(1, -1))
print(("abc"):rep(2, nil), ("abc"):rep(math.mininteger) .. "|")
