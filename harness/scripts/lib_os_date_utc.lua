local function show(t)
  return string.format("%d-%02d-%02d %02d:%02d:%02d yday=%d wday=%d dst=%s",
    t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday, tostring(t.isdst))
end
for _, t in ipairs{0, 1, 86399, 86400, 951782400, 951868800, 1000000000, 1234567890,
                   1700000000, 2147483647, 2147483648, 4102444800, -1, -86400, -2208988800,
                   253402300799, -62135596800} do
  print(t, show(os.date("!*t", t)))
end
print(os.date("!%Y-%m-%d %H:%M:%S", 0))
print(os.date("!%c", 1700000000))
print(os.date("!%x %X %p", 1700000000))
print(os.date("!%A %a %B %b %h", 1700000000))
print(os.date("!%d %e %j %m %y %Y %C", 1000000000))
print(os.date("!%H %I %M %S %p", 43200), os.date("!%I %p", 0), os.date("!%I %p", 46800))
print(os.date("!%D|%F|%R|%T|%r", 1234567890))
print(os.date("!%u %w %U %W %V %G %g", 1234567890))
print(os.date("!%z %Z %%", 0))
print(os.date("![%n][%t]", 0) == "[\n][\t]")
print(os.date("!%Ec|%EC|%Ex|%EX|%Ey|%EY", 1234567890))
print(os.date("!%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy", 1234567890))
print(os.date("!no conversions", 5))
print(os.date("!", 5) == "")
print(type(os.date()), type(os.date("*t").year), type(os.date("!*t").isdst))
print(os.date("!%Y", 2^40), os.date("!%Y", -2^40))
