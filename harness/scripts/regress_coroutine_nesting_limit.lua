-- lua5.4 counts each resume in a chain of resumers as a C call, and stops at its C-stack
-- limit (about 200) with "C stack overflow", returned by resume or raised by a wrap.
-- luatb needs no native recursion to resume, but keeps the limit so that programs see
-- the same thing. (Found by the differential fuzz target.) The exact depth differs by a
-- few levels, so only the outcome at depth 300 and the message are compared.
-- Each level resumes the next one down from inside its own body.
local function chain(level)
  if level > 0 then
    local inner = coroutine.create(chain)
    local fine, got = coroutine.resume(inner, level - 1)
    if not fine then error(got, 0) end
    return got + 1
  end
  return 0
end
local ok, v = coroutine.resume(coroutine.create(chain), 300)
print(ok, (string.gsub(v, "^.*: ", "")))

local function wrapped(n)
  if n == 0 then return 0 end
  return coroutine.wrap(function() return wrapped(n - 1) + 1 end)()
end
local ok2, e = pcall(wrapped, 300)
print(ok2, (string.gsub(e, "^.*: ", "")))
-- Shallow nesting still works, and the chain is usable afterwards.
print(pcall(wrapped, 100))
print(coroutine.resume(coroutine.create(chain), 50))
