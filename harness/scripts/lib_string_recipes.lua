-- Everyday idioms: trim, split, join, capitalise, templates, CSV, URL decoding.
local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end
print("[" .. trim("  padded text \t\n") .. "]", "[" .. trim("") .. "]", "[" .. trim("   ") .. "]")
local function split(s, sep)
  local out, n = {}, 0
  for piece in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do n = n + 1; out[n] = piece end
  return out, n
end
local parts, n = split("a,b,,c", ",")
print(n, parts[1], parts[2], parts[3] == "", parts[4])
parts, n = split("1.2.3", ".")
print(n, parts[1], parts[2], parts[3])
print(("hello big world"):gsub("(%a)(%a*)", function(a, b) return a:upper() .. b end))
local tmpl = "Dear ${name}, you owe ${amount}. ${unknown}"
print((tmpl:gsub("%${(%w+)}", {name = "Ann", amount = 42})))
local function csv(line)
  local fields, n, pos = {}, 0, 1
  while true do
    local c = line:sub(pos, pos)
    if c == '"' then
      local txt = ""
      local i = pos
      repeat
        local a, b, q = line:find('^"([^"]*)"', i)
        txt = txt .. q
        i = b + 1
        if line:sub(i, i) == '"' then txt = txt .. '"' end
      until line:sub(i, i) ~= '"'
      n = n + 1; fields[n] = txt
      pos = i + 1
    else
      local e = line:find(",", pos, true)
      n = n + 1; fields[n] = line:sub(pos, (e or #line + 1) - 1)
      if not e then break end
      pos = e + 1
    end
    if pos > #line + 1 then break end
  end
  return fields, n
end
local f, k = csv('one,"two, quoted","say ""hi""",,last')
print(k, f[1], f[2], f[3], f[4] == "", f[5])
local function urldecode(s)
  return (s:gsub("+", " "):gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end
print(urldecode("a%20b+c%21%3D"))
local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", c:byte()) end))
end
print(urlencode("a b&c=d/é"))
print(("CamelCaseString"):gsub("(%l)(%u)", "%1_%2"):lower())
print(("snake_case_name"):gsub("_(%l)", string.upper))
local words = 0
for _ in ("The quick brown fox jumps over the lazy dog"):gmatch("%a+") do words = words + 1 end
print(words, select(2, ("The quick brown fox"):gsub("%a+", "")))
print(("%d items"):format(3), ("x"):rep(3, "-"), ("  a  b  "):gsub("%s+", " "))
print(("192.168.0.1"):match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$"))
print(("2023-10-05T14:30:00Z"):match("(%d+)-(%d+)-(%d+)T(%d+):(%d+):(%d+)"))
print(("func(arg1, arg2)"):match("^([%w_]+)%s*(%b())$"))
