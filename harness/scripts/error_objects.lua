-- Error values that are tables: fields, methods, __tostring, rethrow, identity preserved.
local Err = {}
Err.__index = Err
Err.__tostring = function(e) return "Err(" .. e.code .. "): " .. e.msg end
local function throw(code, msg) error(setmetatable({ code = code, msg = msg }, Err)) end
local ok, e = pcall(throw, 404, "not found")
print(ok, getmetatable(e) == Err, e.code, e.msg, tostring(e))
-- Catching by class.
local function try(f, ...)
  local res = { pcall(f, ...) }
  if res[1] then return "ok", res[2] end
  local err = res[2]
  if type(err) == "table" and getmetatable(err) == Err then return "Err", err.code end
  return "other", err
end
print(try(throw, 500, "server"))
print(try(function() error("plain", 0) end))
print(try(function() return "fine" end))
print(try(function() local x = nil; return x + 1 end))
-- Rethrowing a caught table keeps identity.
local original
local ok2, e2 = pcall(function()
  local ok3, e3 = pcall(throw, 1, "inner")
  original = e3
  error(e3)
end)
print(ok2, e2 == original)
-- Error values of every type survive pcall.
local values = { 0, -1.5, "s", true, false }
for _, v in ipairs(values) do
  local okv, ev = pcall(error, v)
  print(type(ev), ev == v)
end
local okn, en = pcall(error, nil)
print(okn, en)
-- A function as the error value.
local fn = function() return "from fn" end
local okf, ef = pcall(error, fn)
print(okf, ef == fn, ef())
-- error with level adds position only to strings.
local okl, el = pcall(function() error({ "t" }, 2) end)
print(type(el), el[1])
-- Nested error objects carrying causes.
local function wrap(cause, msg) return setmetatable({ code = 0, msg = msg, cause = cause }, Err) end
local okc, ec = pcall(function()
  local okx, ex = pcall(throw, 7, "root")
  error(wrap(ex, "wrapped"))
end)
print(tostring(ec), tostring(ec.cause))
