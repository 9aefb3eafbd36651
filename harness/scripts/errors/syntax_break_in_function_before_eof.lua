-- A stray break is judged once its function's `end` and the token after it have been
-- read: the message carries that token's line, and a broken statement after it loses.
local function f()
  break
end

print(f) print "never
