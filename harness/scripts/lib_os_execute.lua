-- os.execute: with no command it says whether a shell exists; otherwise it reports how
-- the command ended, as "exit" with the status or "signal" with the signal number.
print(os.execute())
print(os.execute("true"))
print(os.execute("exit 3"))
print(os.execute("exit 255"))
print(os.execute("kill -TERM $$"))
local ok, how, code = os.execute("test -d /")
print(ok, how, code, math.type(code))
print(pcall(os.execute, {}))
print(select("#", os.execute("false")))
