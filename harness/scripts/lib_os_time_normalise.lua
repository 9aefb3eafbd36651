-- os.time normalises out-of-range fields and writes them back
local function fields(t)
  return string.format("%d-%02d-%02d %02d:%02d:%02d yday=%d wday=%d",
    t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday)
end
local cases = {
  {year = 2020, month = 14, day = 35, hour = -1, min = 70, sec = -5},
  {year = 2021, month = 0, day = 0},
  {year = 2021, month = -13, day = 1, hour = 0},
  {year = 2019, month = 2, day = 29, hour = 12},
  {year = 2020, month = 1, day = 1, hour = 0, min = 0, sec = 86400 * 366},
  {year = 2000, month = 12, day = 31, hour = 24, min = 0, sec = 0},
  {year = 2000, month = 1, day = 1, hour = 0, min = -1, sec = 0},
  {year = 1970, month = 1, day = 1, hour = 0, min = 0, sec = 1000000},
  {year = 2100, month = 2, day = 29},
  {year = 1600, month = 2, day = 29},
}
for _, c in ipairs(cases) do
  os.time(c)
  print(fields(c), c.isdst)
end
-- a table with __index supplies fields
local proxy = setmetatable({}, {__index = {year = 2022, month = 7, day = 4}})
os.time(proxy)
print(rawget(proxy, "year"), rawget(proxy, "month"), rawget(proxy, "day"), rawget(proxy, "hour"), rawget(proxy, "wday"))
