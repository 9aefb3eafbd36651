-- local time conversions that hold in any time zone
local specs = {
  {year = 2001, month = 2, day = 3, hour = 4, min = 5, sec = 6},
  {year = 2016, month = 12, day = 31, hour = 23, min = 59, sec = 58},
  {year = 1980, month = 6, day = 15, hour = 12, min = 30, sec = 0},
  {year = 2024, month = 2, day = 29, hour = 0, min = 0, sec = 0},
}
for _, s in ipairs(specs) do
  local t = os.time(s)
  print(os.date("%Y-%m-%d %H:%M:%S %a %b %j", t))
  local d = os.date("*t", t)
  print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday)
end
-- os.date("*t") of the same instant twice is the same
local now = os.time()
local a, b = os.date("*t", now), os.date("*t", now)
print(a.year == b.year and a.yday == b.yday and a.sec == b.sec)
-- formats without the time argument use the current time
print(#os.date("%Y") == 4, os.date("%%"), os.date(""), os.date("plain"))
-- os.date("*t") fields round trip through os.time
print(os.time(os.date("*t", 1234567890)) == 1234567890)
print(pcall(os.date, "%Q"))
print(pcall(os.date, "%E"))
print(pcall(os.date, "%Oz"))
print(pcall(os.date, "*t", 1.5))
print(pcall(os.date, "%Y", "x"))
print(pcall(os.date, {}))
print(pcall(os.date, "!%Y", 2^62))
