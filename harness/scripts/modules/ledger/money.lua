-- ledger.money: fixed-point amounts in cents with arithmetic metamethods.
local modname, path = ...
local Money = {modname = modname, loaded_from = path}
Money.__index = Money

local function cents_of(v)
  if getmetatable(v) == Money then return v.cents end
  if math.type(v) == "integer" then return v * 100 end
  if type(v) == "number" then return math.floor(v * 100 + 0.5) end
  local sign, units, frac = tostring(v):match("^(%-?)(%d+)%.?(%d?%d?)$")
  if not units then error("bad amount '" .. tostring(v) .. "'", 3) end
  local c = tonumber(units) * 100 + tonumber((frac .. "00"):sub(1, 2))
  return sign == "-" and -c or c
end

function Money.new(v) return setmetatable({cents = cents_of(v)}, Money) end
local function wrap(c) return setmetatable({cents = c}, Money) end

Money.__add = function(a, b) return wrap(cents_of(a) + cents_of(b)) end
Money.__sub = function(a, b) return wrap(cents_of(a) - cents_of(b)) end
Money.__unm = function(a) return wrap(-a.cents) end
Money.__mul = function(a, b)
  if getmetatable(a) ~= Money then a, b = b, a end
  return wrap(math.floor(a.cents * b + 0.5))
end
Money.__eq = function(a, b) return a.cents == b.cents end
Money.__lt = function(a, b) return cents_of(a) < cents_of(b) end
Money.__le = function(a, b) return cents_of(a) <= cents_of(b) end
Money.__tostring = function(a)
  local c = math.abs(a.cents)
  local units = tostring(c // 100):reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return string.format("%s%s.%02d", a.cents < 0 and "-" or "", units, c % 100)
end
Money.__concat = function(a, b) return tostring(a) .. tostring(b) end

function Money:split(n)
  local base, extra = self.cents // n, self.cents % n
  local parts = {}
  for i = 1, n do parts[i] = wrap(base + (i <= extra and 1 or 0)) end
  return parts
end

function Money.is(v) return getmetatable(v) == Money end

return Money
