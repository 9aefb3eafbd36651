-- Application: a JSON encoder and recursive-descent decoder written in Lua (string.sub
-- only), round-tripping a generated document N times.
N = N or 40
local sub = string.sub
local function join(parts, lo, hi)
  if lo > hi then return "" end
  if lo == hi then return parts[lo] end
  local mid = (lo + hi) // 2
  return join(parts, lo, mid) .. join(parts, mid + 1, hi)
end
local escapes = {['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\t'] = '\\t'}
local function encode_string(s, out)
  local n = #out
  n = n + 1; out[n] = '"'
  local start = 1
  for i = 1, #s do
    local e = escapes[sub(s, i, i)]
    if e then
      if start < i then n = n + 1; out[n] = sub(s, start, i - 1) end
      n = n + 1; out[n] = e
      start = i + 1
    end
  end
  if start <= #s then n = n + 1; out[n] = sub(s, start) end
  out[n + 1] = '"'
end
local encode
local function encode_value(v, out)
  local t = type(v)
  if t == "table" then
    if v[1] ~= nil or next(v) == nil then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode_value(v[i], out)
      end
      out[#out + 1] = "]"
    else
      -- Keys in a fixed order so that the text does not depend on table iteration order.
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      for i = 2, #keys do
        local k, j = keys[i], i - 1
        while j >= 1 and keys[j] > k do keys[j + 1] = keys[j]; j = j - 1 end
        keys[j + 1] = k
      end
      out[#out + 1] = "{"
      for i = 1, #keys do
        if i > 1 then out[#out + 1] = "," end
        encode_string(keys[i], out)
        out[#out + 1] = ":"
        encode_value(v[keys[i]], out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "string" then encode_string(v, out)
  elseif t == "number" or t == "boolean" then out[#out + 1] = tostring(v)
  else out[#out + 1] = "null" end
end
function encode(v)
  local out = {}
  encode_value(v, out)
  return join(out, 1, #out)
end

local digits = {}
for d = 0, 9 do digits[tostring(d)] = d end
local unescape = {['"'] = '"', ['\\'] = '\\', n = '\n', t = '\t', ['/'] = '/'}
local function decode(s)
  local pos = 1
  local function ws()
    local c = sub(s, pos, pos)
    while c == " " or c == "\n" or c == "\t" do pos = pos + 1; c = sub(s, pos, pos) end
    return c
  end
  local value
  local function str()
    pos = pos + 1
    local parts, start = {}, pos
    while true do
      local c = sub(s, pos, pos)
      if c == '"' then break end
      if c == "\\" then
        parts[#parts + 1] = sub(s, start, pos - 1)
        parts[#parts + 1] = unescape[sub(s, pos + 1, pos + 1)]
        pos = pos + 2; start = pos
      else pos = pos + 1 end
    end
    parts[#parts + 1] = sub(s, start, pos - 1)
    pos = pos + 1
    return join(parts, 1, #parts)
  end
  local function num()
    local neg = false
    if sub(s, pos, pos) == "-" then neg = true; pos = pos + 1 end
    local n = 0
    local d = digits[sub(s, pos, pos)]
    while d do n = n * 10 + d; pos = pos + 1; d = digits[sub(s, pos, pos)] end
    if sub(s, pos, pos) == "." then
      pos = pos + 1
      -- Digits as an integer over a power of ten, so short fractions come out exact.
      local f, scale = 0, 1
      d = digits[sub(s, pos, pos)]
      while d do f = f * 10 + d; scale = scale * 10; pos = pos + 1; d = digits[sub(s, pos, pos)] end
      n = n + f / scale
    end
    if neg then return -n end
    return n
  end
  function value()
    local c = ws()
    if c == "{" then
      pos = pos + 1
      local t = {}
      if ws() == "}" then pos = pos + 1; return t end
      while true do
        ws()
        local k = str()
        ws(); pos = pos + 1
        t[k] = value()
        local sep = ws(); pos = pos + 1
        if sep == "}" then return t end
      end
    elseif c == "[" then
      pos = pos + 1
      local t = {}
      if ws() == "]" then pos = pos + 1; return t end
      while true do
        t[#t + 1] = value()
        local sep = ws(); pos = pos + 1
        if sep == "]" then return t end
      end
    elseif c == '"' then return str()
    elseif c == "t" then pos = pos + 4; return true
    elseif c == "f" then pos = pos + 5; return false
    elseif c == "n" then pos = pos + 4; return nil
    else return num() end
  end
  return value()
end

local function make_doc(n)
  local items = {}
  for i = 1, n do
    items[i] = {id = i, name = "item \"" .. i .. "\"\n", price = i + 0.25,
                tags = {"a" .. i % 7, "b\\" .. i % 3}, active = i % 2 == 0,
                dims = {w = i % 13, h = i % 17, unit = "cm"}}
  end
  return {version = 3, title = "catalogue", items = items, empty = {}}
end
local doc = make_doc(50)
local text = encode(doc)
local h, total = 0, 0
for r = 1, N do
  local back = decode(text)
  for i = 1, #back.items do
    local it = back.items[i]
    total = total + it.id + it.dims.w * it.dims.h + #it.name + #it.tags[2]
    if it.active then total = total + 1 end
  end
  local again = encode(back)
  if again ~= text then print("round trip differs at", r); break end
  h = (h * 7 + #again) % 1000000007
end
print(#text, h, total)
