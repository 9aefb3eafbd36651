-- Replacement functions may run string functions (and gsub) themselves.
local function expand(s, depth)
  if depth == 0 then return s end
  return (s:gsub("%[(.-)%]", function(inner) return "<" .. expand(inner:upper(), depth - 1) .. ">" end))
end
print(expand("a[b[c]d]e [f]", 3))
print(("x y z"):gsub("%a", function(c) return (("abc"):gsub("b", c)) end))
local log = ""
local r = ("1 2 3"):gsub("%d", function(d)
  for w in ("p q"):gmatch("%a") do log = log .. w .. d end
  return ("%s!"):format(d)
end)
print(r, log)
local it = ("a1b2c3"):gmatch("(%a)(%d)")
local out = ""
for l, d in it do out = out .. l:rep(tonumber(d)) end
print(out)
local co = coroutine.wrap(function()
  for w in ("one two three"):gmatch("%a+") do coroutine.yield(w) end
end)
print(co(), co(), co())
local pieces = ""
for k, v in ("a=1,b=2"):gmatch("(%w)=(%w)") do
  pieces = pieces .. (k .. v):gsub("%d", function(x) return x * 2 end)
end
print(pieces)
print(pcall(string.gsub, "abc", "%a", function(c) if c == "b" then error("stop at " .. c, 0) end end))
print(("abc"):gsub("%a", function(c) return coroutine.wrap(function() return c:upper() end)() end))
