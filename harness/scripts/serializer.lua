-- A JSON-like serializer with sorted keys, escapes (via %q) and cycle detection.
local function sort(t, lt)
  for i = 2, #t do
    local v, j = t[i], i - 1
    while j >= 1 and lt(v, t[j]) do t[j + 1] = t[j]; j = j - 1 end
    t[j + 1] = v
  end
end
local function keylt(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  return a < b
end
-- Without string.sub there is no byte access; %q does the escaping.
local function quote(s) return string.format("%q", s) end
local function is_array(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for i = 1, n do if t[i] == nil then return false end end
  return true, n
end
local function serialize(v, seen, indent)
  seen, indent = seen or {}, indent or ""
  local tv = type(v)
  if tv == "nil" then return "null" end
  if tv == "boolean" or tv == "number" then return tostring(v) end
  if tv == "string" then return quote(v) end
  if tv ~= "table" then return '"<' .. tv .. '>"' end
  if seen[v] then return '"<cycle>"' end
  seen[v] = true
  local arr, n = is_array(v)
  local parts = {}
  if arr and n > 0 then
    for i = 1, n do parts[i] = serialize(v[i], seen, indent) end
    seen[v] = nil
    return "[" .. table_concat_free(parts, ",") .. "]"
  end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  sort(keys, keylt)
  for i, k in ipairs(keys) do
    parts[i] = indent .. "  " .. quote(tostring(k)) .. ": " .. serialize(v[k], seen, indent .. "  ")
  end
  seen[v] = nil
  if #parts == 0 then return "{}" end
  return "{\n" .. table_concat_free(parts, ",\n") .. "\n" .. indent .. "}"
end
function table_concat_free(parts, sep)
  local s = ""
  for i = 1, #parts do s = s .. (i > 1 and sep or "") .. parts[i] end
  return s
end
local doc = {
  name = "luatb", version = 1.5, stable = false, count = 42,
  tags = { "lua", "rust", "vm" },
  nested = { z = 1, a = { deep = true }, m = {} },
  text = "line\nwith \"quotes\"\tand \\",
  [1] = nil,
}
print(serialize(doc))
local cyc = { name = "loop" }
cyc.self = cyc
print(serialize(cyc))
print(serialize({ 1, 2, { 3, { 4 } } }), serialize({}), serialize("x"), serialize(nil))
print(serialize({ [10] = "sparse", [1] = "one" }))
print(serialize({ print }))
