local function fields(t)
  return string.format("%d-%02d-%02d %02d:%02d:%02d yday=%d wday=%d dst=%s",
    t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday, tostring(t.isdst))
end
-- round trips through local time (independent of the zone)
for _, spec in ipairs{
  {year = 2000, month = 1, day = 1, hour = 0},
  {year = 2024, month = 2, day = 29, hour = 23, min = 59, sec = 59},
  {year = 1999, month = 12, day = 31},
  {year = 2038, month = 1, day = 19, hour = 3, min = 14, sec = 8},
} do
  local t = os.time(spec)
  print(math.type(t), fields(os.date("*t", t)) == fields(spec))
  print(fields(spec))
end
-- defaults: hour 12, min 0, sec 0
local d = {year = 2021, month = 6, day = 15}
local t = os.time(d)
print(d.hour, d.min, d.sec, os.date("%H:%M:%S", t))
-- differences are zone independent within a day
print(os.time{year = 2020, month = 1, day = 2, hour = 0} - os.time{year = 2020, month = 1, day = 1, hour = 0})
print(os.time{year = 2020, month = 3, day = 1, hour = 12} - os.time{year = 2020, month = 2, day = 28, hour = 12})
-- numeric strings and floats with integral values are accepted
print(os.time{year = "2020", month = 1.0, day = "1", hour = 0} == os.time{year = 2020, month = 1, day = 1, hour = 0})
-- isdst is read but does not have to be a boolean
print(type(os.time{year = 2020, month = 1, day = 1, isdst = "yes"}))
print(os.time{year = 2020, month = 1, day = 1, isdst = false} - os.time{year = 2020, month = 1, day = 1, isdst = true})
print(pcall(os.time, {year = 2020, month = 1}))
print(pcall(os.time, {year = 2020, day = 1}))
print(pcall(os.time, {month = 1, day = 1}))
print(pcall(os.time, {year = 2020, month = 1, day = 1.5}))
print(pcall(os.time, {year = 2020, month = "x", day = 1}))
print(pcall(os.time, {year = 2020, month = 1, day = 1, hour = {}}))
print(pcall(os.time, {year = 2^40, month = 1, day = 1}))
print(pcall(os.time, {year = 2020, month = 2^31, day = 1}))
print(pcall(os.time, {year = 2020, month = 1, day = -2^31 - 1}))
print(pcall(os.time, 5))
print(math.type(os.time()), os.time() > 1600000000)
