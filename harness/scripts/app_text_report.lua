-- A text-processing report: parse an embedded web-server log and a CSV price list with
-- patterns, aggregate, and print aligned tables with string.format widths.

local LOG = [[
2024-03-01 08:15:02 INFO  [web-1] GET /index.html 200 512B 12ms user=alice
2024-03-01 08:15:09 INFO  [web-2] GET /api/items?page=2 200 2048B 48ms user=bob
2024-03-01 08:16:30 WARN  [web-1] GET /api/items?page=99 404 0B 3ms user=bob
2024-03-01 08:17:45 INFO  [web-3] POST /api/cart 201 128B 95ms user=carol
2024-03-01 08:18:01 ERROR [web-2] POST /api/cart 500 64B 1204ms user=alice
   # a comment line that must be skipped
2024-03-01 09:01:13 INFO  [web-1] GET /static/app.js 200 40960B 7ms user=-
2024-03-01 09:02:55 INFO  [web-3] GET /index.html 304 0B 2ms user=dave
2024-03-01 09:05:00 DEBUG [web-2] cache warmed: 1,204 entries in 0.8s
2024-03-01 09:10:10 WARN  [web-3] GET /api/items?page=1&sort=price 200 3072B 310ms user=carol
2024-03-01 10:00:00 ERROR [web-1] GET /admin 403 0B 1ms user=mallory
malformed line here
2024-03-01 10:30:42 INFO  [web-2] DELETE /api/cart/17 204 0B 22ms user=carol
2024-03-01 11:11:11 INFO  [web-1] GET /api/items 200 1536B 35ms user=alice
]]

local CSV = [[
sku,name,category,price,stock
A-100,"Widget, small",tools,4.50,120
A-101,"Widget, large",tools,7.25,35
B-200,Gadget,electronics,19.99,8
B-201,"Gadget ""Pro""",electronics,49.00,0
C-300,Thingamajig,misc,0.99,1000
C-301,  Doohickey  ,misc,2.00,15
]]

-- Log parsing.
local entries, skipped, notes = {}, {}, {}
local n = 0
for line in LOG:gmatch("[^\n]+") do
  n = n + 1
  if line:find("^%s*#") then
    skipped[#skipped + 1] = n .. ":comment"
  else
    local date, time, level, host, rest = line:match("^(%d+%-%d+%-%d+) (%d+:%d+:%d+) (%u+)%s+%[([%w-]+)%] (.*)$")
    if not date then
      skipped[#skipped + 1] = n .. ":malformed"
    else
      local method, path, status, size, ms, user =
        rest:match("^(%u+) (%S+) (%d%d%d) (%d+)B (%d+)ms user=(%S+)$")
      if method then
        local route = path:gsub("%?.*$", ""):gsub("/%d+$", "/:id")
        local query = {}
        for k, v in (path:match("%?(.*)") or ""):gmatch("([^&=]+)=([^&]*)") do query[k] = v end
        entries[#entries + 1] = {
          hour = tonumber(time:sub(1, 2)), level = level, host = host, method = method,
          route = route, status = tonumber(status), size = tonumber(size),
          ms = tonumber(ms), user = user ~= "-" and user or nil, query = query,
        }
      else
        notes[#notes + 1] = string.format("%s %s %s", time, host, rest)
      end
    end
  end
end
print(#entries .. " requests, skipped " .. table.concat(skipped, " "))
for _, note in ipairs(notes) do
  print("note: " .. note:gsub("(%d),(%d)", "%1%2"):gsub("%s+", " "))
end

-- Aggregate per route.
local routes, order = {}, {}
for _, e in ipairs(entries) do
  local key = e.method .. " " .. e.route
  local r = routes[key]
  if not r then
    r = {key = key, count = 0, bytes = 0, total_ms = 0, max_ms = 0, errors = 0}
    routes[key] = r
    order[#order + 1] = r
  end
  r.count = r.count + 1
  r.bytes = r.bytes + e.size
  r.total_ms = r.total_ms + e.ms
  r.max_ms = math.max(r.max_ms, e.ms)
  if e.status >= 400 then r.errors = r.errors + 1 end
end
table.sort(order, function(a, b)
  if a.count ~= b.count then return a.count > b.count end
  return a.key < b.key
end)

local function human(bytes)
  if bytes >= 1024 then return string.format("%.1fK", bytes / 1024) end
  return bytes .. "B"
end

local header = string.format("%-22s %5s %8s %8s %6s %4s", "route", "hits", "bytes", "avg ms", "max", "err")
print(header)
print((header:gsub(".", "-")))
for _, r in ipairs(order) do
  print(string.format("%-22s %5d %8s %8.1f %6d %4s", r.key, r.count, human(r.bytes),
    r.total_ms / r.count, r.max_ms, r.errors > 0 and tostring(r.errors) or "."))
end

-- Per level and per hour.
local levels = {}
for line in LOG:gmatch("[^\n]+") do
  local lv = line:match("^%S+ %S+ (%u+)")
  if lv then levels[lv] = (levels[lv] or 0) + 1 end
end
local lvnames = {}
for k in pairs(levels) do lvnames[#lvnames + 1] = k end
table.sort(lvnames)
for _, k in ipairs(lvnames) do
  print(string.format("%-6s|%s %d", k, string.rep("#", levels[k]), levels[k]))
end
local hours = {}
for _, e in ipairs(entries) do hours[e.hour] = (hours[e.hour] or 0) + 1 end
for h = 8, 11 do print(string.format("%02d:00 %3d%%", h, (hours[h] or 0) * 100 // #entries)) end

-- Users: who did what, with query parameters seen.
local users = {}
for _, e in ipairs(entries) do
  if e.user then
    local u = users[e.user] or {name = e.user, statuses = {}, params = {}}
    users[e.user] = u
    u.statuses[#u.statuses + 1] = e.status
    for k, v in pairs(e.query) do u.params[#u.params + 1] = k .. "=" .. v end
  end
end
local names = {}
for k in pairs(users) do names[#names + 1] = k end
table.sort(names)
for _, name in ipairs(names) do
  local u = users[name]
  table.sort(u.params)
  print(string.format("%-8s %-16s %s", name, table.concat(u.statuses, ","),
    #u.params > 0 and table.concat(u.params, " ") or "(no params)"))
end

-- CSV with quoted fields.
local function parse_csv_line(line)
  local fields, pos = {}, 1
  while pos <= #line + 1 do
    local c = line:sub(pos, pos)
    if c == '"' then
      local value, i = "", pos + 1
      while true do
        local s, e = line:find('"', i, true)
        value = value .. line:sub(i, s - 1)
        if line:sub(e + 1, e + 1) == '"' then
          value = value .. '"'; i = e + 2
        else
          pos = e + 2; break
        end
      end
      fields[#fields + 1] = value
    else
      local s = line:find(",", pos, true) or #line + 1
      fields[#fields + 1] = line:sub(pos, s - 1):match("^%s*(.-)%s*$")
      pos = s + 1
    end
  end
  return fields
end

local rows, cols = {}, nil
for line in CSV:gmatch("[^\n]+") do
  local f = parse_csv_line(line)
  if not cols then
    cols = f
  else
    local row = {}
    for i, c in ipairs(cols) do row[c] = f[i] end
    row.price, row.stock = tonumber(row.price), math.tointeger(tonumber(row.stock))
    rows[#rows + 1] = row
  end
end
print(table.concat(cols, "|"))
table.sort(rows, function(a, b) return a.price * a.stock > b.price * b.stock end)
local by_cat = {}
for _, r in ipairs(rows) do
  print(string.format("%-6s %-17s %-12s %7.2f %5d %9.2f%s", r.sku, ("%q"):format(r.name), r.category,
    r.price, r.stock, r.price * r.stock, r.stock == 0 and "  SOLD OUT" or ""))
  by_cat[r.category] = (by_cat[r.category] or 0) + r.price * r.stock
end
local cats = {}
for k, v in pairs(by_cat) do cats[#cats + 1] = string.format("%s=%.2f", k, v) end
table.sort(cats)
print("value by category: " .. table.concat(cats, ", "))

-- Word statistics over the log's free text.
local words = {}
for w in LOG:lower():gmatch("%a%a%a+") do words[w] = (words[w] or 0) + 1 end
local list = {}
for w, c in pairs(words) do if c >= 3 then list[#list + 1] = {w, c} end end
table.sort(list, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
local top = {}
for i = 1, math.min(6, #list) do top[i] = list[i][1] .. ":" .. list[i][2] end
print(table.concat(top, " "))
local caps = select(2, LOG:gsub("%f[%w]%u+%f[%W]", ""))
local first_err = LOG:find("ERROR", 1, true)
print("all-caps words", caps, "first ERROR at", first_err, LOG:sub(first_err - 20, first_err - 12))
