-- A JSON encoder and decoder: escapes, \u escapes (with surrogate pairs), numbers,
-- nesting, sorted-key output, round trips, and positioned errors for malformed input.

local json = {}

local escapes = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}

local function escape_str(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function is_array(t)
  local n = 0
  for k in pairs(t) do
    if math.type(k) ~= "integer" or k < 1 then return false end
    n = n + 1
  end
  for i = 1, n do if t[i] == nil then return false end end
  return true, n
end

local encode

local function encode_table(t, indent, depth, seen)
  if seen[t] then error("cycle detected in table", 0) end
  seen[t] = true
  local pad, inner, sep, colon = "", "", ",", ":"
  if indent then
    pad = "\n" .. string.rep(indent, depth)
    inner = "\n" .. string.rep(indent, depth + 1)
    colon = ": "
  end
  local parts = {}
  local arr, n = is_array(t)
  local out
  if arr and n > 0 then
    for i = 1, n do parts[i] = inner .. encode(t[i], indent, depth + 1, seen) end
    out = "[" .. table.concat(parts, sep) .. pad .. "]"
  elseif arr then
    out = t.__array and "[]" or "{}"
  else
    local keys = {}
    for k in pairs(t) do
      if type(k) ~= "string" then error("object keys must be strings, got " .. type(k), 0) end
      keys[#keys + 1] = k
    end
    table.sort(keys)
    for i, k in ipairs(keys) do
      parts[i] = inner .. escape_str(k) .. colon .. encode(t[k], indent, depth + 1, seen)
    end
    out = "{" .. table.concat(parts, sep) .. pad .. "}"
  end
  seen[t] = nil
  return out
end

function encode(v, indent, depth, seen)
  local ty = type(v)
  if ty == "nil" or v == json.null then return "null"
  elseif ty == "boolean" then return tostring(v)
  elseif ty == "string" then return escape_str(v)
  elseif ty == "number" then
    if v ~= v or v == math.huge or v == -math.huge then
      error("cannot encode non-finite number " .. (v ~= v and "nan" or tostring(v)), 0)
    end
    if math.type(v) == "integer" then return tostring(v) end
    if v == math.floor(v) and math.abs(v) < 2^53 then return string.format("%d", v) end
    return string.format("%.14g", v)
  elseif ty == "table" then return encode_table(v, indent, depth or 0, seen or {})
  end
  error("cannot encode value of type " .. ty, 0)
end

json.null = setmetatable({}, {__tostring = function() return "null" end})
function json.encode(v, indent) return encode(v, indent, 0, {}) end

-- Decoder: a cursor over the text; errors are tables carrying the byte position.
local Decoder = {}
Decoder.__index = Decoder

local function fail(d, msg)
  error({pos = d.i, msg = msg})
end

function Decoder:ws() self.i = self.text:find("[^ \t\r\n]", self.i) or #self.text + 1 end

function Decoder:peek() self:ws(); return self.text:sub(self.i, self.i) end

local function utf8_of(cp) return utf8.char(cp) end

function Decoder:string()
  local buf, i, s = {}, self.i + 1, self.text
  while true do
    local j = s:find('["\\%c]', i)
    if not j then self.i = #s + 1; fail(self, "unterminated string") end
    buf[#buf + 1] = s:sub(i, j - 1)
    local c = s:sub(j, j)
    if c == '"' then self.i = j + 1; return table.concat(buf) end
    if c ~= "\\" then self.i = j; fail(self, "control character in string") end
    local e = s:sub(j + 1, j + 1)
    local simple = ({b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/"})[e]
    if simple then
      buf[#buf + 1] = simple; i = j + 2
    elseif e == "u" then
      local hex = s:match("^%x%x%x%x", j + 2)
      if not hex then self.i = j; fail(self, "bad \\u escape") end
      local cp = tonumber(hex, 16)
      i = j + 6
      if cp >= 0xD800 and cp <= 0xDBFF then
        local lo = s:match("^\\u(%x%x%x%x)", i)
        local low = lo and tonumber(lo, 16)
        if not low or low < 0xDC00 or low > 0xDFFF then self.i = j; fail(self, "lone surrogate") end
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
        i = i + 6
      end
      buf[#buf + 1] = utf8_of(cp)
    else
      self.i = j; fail(self, "bad escape \\" .. e)
    end
  end
end

function Decoder:number()
  local num = self.text:match("^-?%d+%.?%d*[eE]?[-+]?%d*", self.i)
  if not num or num == "-" then fail(self, "bad number") end
  local v = math.tointeger(tonumber(num)) or tonumber(num)
  if not v then fail(self, "bad number '" .. num .. "'") end
  self.i = self.i + #num
  return v
end

function Decoder:value(depth)
  if depth > 64 then fail(self, "nesting too deep") end
  local c = self:peek()
  if c == "{" then
    local obj = {}
    self.i = self.i + 1
    if self:peek() == "}" then self.i = self.i + 1; return obj end
    repeat
      if self:peek() ~= '"' then fail(self, "expected string key") end
      local k = self:string()
      if self:peek() ~= ":" then fail(self, "expected ':'") end
      self.i = self.i + 1
      obj[k] = self:value(depth + 1)
      local sep = self:peek()
      self.i = self.i + 1
      if sep ~= "," and sep ~= "}" then self.i = self.i - 1; fail(self, "expected ',' or '}'") end
    until sep == "}"
    return obj
  elseif c == "[" then
    local arr = {__array = true}
    self.i = self.i + 1
    if self:peek() == "]" then self.i = self.i + 1; return arr end
    local n = 0
    repeat
      n = n + 1
      arr[n] = self:value(depth + 1)
      local sep = self:peek()
      self.i = self.i + 1
      if sep ~= "," and sep ~= "]" then self.i = self.i - 1; fail(self, "expected ',' or ']'") end
    until sep == "]"
    arr.__array = nil
    return arr
  elseif c == '"' then return self:string()
  elseif c:match("[-%d]") then return self:number()
  end
  for word, v in pairs({["true"] = true, ["false"] = false, null = json.null}) do
    if self.text:sub(self.i, self.i + #word - 1) == word then
      self.i = self.i + #word
      return v
    end
  end
  if c == "" then fail(self, "unexpected end of input") end
  fail(self, "unexpected character '" .. c .. "'")
end

function json.decode(text)
  local d = setmetatable({text = text, i = 1}, Decoder)
  local ok, v = pcall(function()
    local v = d:value(0)
    if d:peek() ~= "" then fail(d, "trailing garbage") end
    return v
  end)
  if ok then return v end
  if type(v) == "table" then
    local line = select(2, text:sub(1, v.pos - 1):gsub("\n", "")) + 1
    error(string.format("json: %s at byte %d (line %d)", v.msg, v.pos, line), 2)
  end
  error(v, 0)
end

-- Round trips.
local samples = {
  {1, 2, 3, {4, 5, {6}}},
  {name = "Ada", langs = {"lua", "c"}, age = 36, admin = false, ratio = 0.25},
  {text = 'quote " backslash \\ tab \t newline \n bell \7', empty = {}},
  {big = 9007199254740993, neg = -17, float = 3.5e-7, whole = 1e15, tiny = -0.0},
  {unicode = "caf\u{e9} \u{1F600} \u{2028}"},
  {nested = {a = {b = {c = {d = {"deep"}}}}}},
}
for i, s in ipairs(samples) do
  local text = json.encode(s)
  local back = json.decode(text)
  local again = json.encode(back)
  print(i, text)
  print(i, again == text and "round trip ok" or ("MISMATCH " .. again))
end

print(json.encode({list = {1, "two", json.null, true}, obj = {x = 1, y = {}}}, "  "))

local decoded = json.decode([[
  { "emoji": "\ud83d\ude00", "e": "\u00e9\u0041", "esc": "a\/b\"c\\d\n",
    "nums": [0, -0, 12.5, 1e3, -2E-2, 123456789012], "ok": true, "nothing": null }
]])
print(#decoded.emoji, decoded.emoji == "\u{1F600}", decoded.e, decoded.esc)
for i, n in ipairs(decoded.nums) do print("num", i, n, math.type(n)) end
print(decoded.ok, decoded.nothing == json.null, tostring(decoded.nothing))

-- Malformed input: every error carries a position.
local bad = {
  '{"a": 1,}', '[1, 2', '{"a" 1}', '"abc', '[1 2]', 'tru', '{"x": "\\q"}',
  '"\\ud800"', '[01]', '{"a":1} x', '', '{1: 2}', '"\\u12"', '[-]', '"a\tb"',
}
for _, text in ipairs(bad) do
  local ok, err = pcall(json.decode, text)
  print(string.format("%-14s %s", text:gsub("\t", "\\t"), ok and "accepted" or err))
end

-- Encoding errors.
local cyc = {}; cyc.self = cyc
for _, v in ipairs({cyc, {[{}] = 1}, {f = print}, {n = 0/0}, {math.huge}}) do
  local ok, err = pcall(json.encode, v)
  print("encode", ok, err)
end

-- A small document: totals per category, printed in sorted order.
local doc = json.decode([[
[{"cat": "fruit", "item": "apple", "qty": 3, "price": 0.5},
 {"cat": "veg", "item": "leek", "qty": 1, "price": 1.25},
 {"cat": "fruit", "item": "pear", "qty": 4, "price": 0.75},
 {"cat": "dairy", "item": "milk", "qty": 2, "price": 0.99}]
]])
local totals = {}
for _, row in ipairs(doc) do
  totals[row.cat] = (totals[row.cat] or 0) + row.qty * row.price
end
print(json.encode(totals))
