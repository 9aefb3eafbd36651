-- Text helpers for reports.
local M = {}

function M.money(cents)
  local sign = cents < 0 and "-" or ""
  cents = math.abs(cents)
  return string.format("%s%d.%02d", sign, cents // 100, cents % 100)
end

function M.pad(s, n, right)
  s = tostring(s)
  if #s >= n then return s end
  local fill = string.rep(" ", n - #s)
  return right and fill .. s or s .. fill
end

function M.row(cols, widths)
  local out = {}
  for i, c in ipairs(cols) do out[i] = M.pad(c, widths[i], i > 1) end
  return table.concat(out, " | ")
end

return M
