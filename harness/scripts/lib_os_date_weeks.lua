-- week numbers and ISO weeks around year boundaries
local day = 86400
local function at(y, m, d) return os.time{year = y, month = m, day = d, hour = 12} end
for _, y in ipairs{1998, 1999, 2000, 2004, 2005, 2008, 2009, 2010, 2015, 2016, 2020, 2021, 2026, 2027} do
  for _, md in ipairs{{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 7}, {12, 28}, {12, 29}, {12, 30}, {12, 31}} do
    local t = at(y, md[1], md[2])
    print(os.date("!%Y-%m-%d %a U%U W%W V%V G%G g%g j%j u%u w%w", t))
  end
end
-- a whole leap year, day by day, summarised
local t0 = at(2024, 1, 1)
local sumU, sumW, sumV = 0, 0, 0
for i = 0, 365 do
  local t = t0 + i * day
  sumU = sumU + tonumber(os.date("!%U", t))
  sumW = sumW + tonumber(os.date("!%W", t))
  sumV = sumV + tonumber(os.date("!%V", t))
end
print(sumU, sumW, sumV, os.date("!%j", t0 + 365 * day))
