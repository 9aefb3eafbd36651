-- A bookkeeping program built from a package loaded with require: ledger (init.lua)
-- requires ledger.money; package.loaded, package.preload, searchers' extra values,
-- reloading, and errors raised by module code are all exercised.

local root = os.getenv("CARGO_MANIFEST_DIR")
local MODS = "scripts/modules/?.lua;scripts/modules/?/init.lua"
if root then
  MODS = MODS .. ";" .. root .. "/scripts/modules/?.lua;" .. root .. "/scripts/modules/?/init.lua"
end
package.path = MODS .. ";" .. package.path
local function norm(s) return (string.gsub(s, "[^%s']*scripts/modules/", "modules/")) end

local ledger, where = require("ledger")
local Money = require("ledger.money")
print(type(ledger), norm(where), Money == ledger.Money, Money.modname, norm(Money.loaded_from))
print(package.loaded.ledger == ledger, package.loaded["ledger.stats"].loads)

-- Money arithmetic.
local a, b = Money.new("1234.5"), Money.new(99.99)
print(a, b, a + b, a - b, -b, b * 3, 2 * b, a + 1, a < b, b <= b, a == Money.new(1234.50))
print("parts: " .. table.concat((function()
  local out = {}
  for i, p in ipairs(Money.new(100):split(3)) do out[i] = tostring(p) end
  return out
end)(), " "))
print(Money.new(1234567.891) .. " / " .. Money.new("-0.05"))
print(pcall(Money.new, "12.345"))

-- A small business over a quarter.
local book = ledger.new("Bike Shop")
for _, acc in ipairs({
  {"cash", "asset"}, {"stock", "asset"}, {"bank_loan", "liability"}, {"capital", "equity"},
  {"sales", "income"}, {"rent", "expense"}, {"wages", "expense"}, {"cogs", "expense"},
}) do book:open(acc[1], acc[2]) end
print(pcall(book.open, book, "cash", "asset"))
print(pcall(book.open, book, "misc", "gadget"))

local postings = {
  {"owner invests", {{"cash", 5000}, {"capital", -5000}}},
  {"loan", {{"cash", "2500.00"}, {"bank_loan", "-2500"}}},
  {"buy stock", {{"stock", 3200}, {"cash", -3200}}},
  {"rent jan", {{"rent", 750}, {"cash", -750}}},
  {"typo", {{"cash", 10}, {"sales", -9.99}}},
  {"sale 1", {{"cash", 899.95}, {"sales", -899.95}}},
  {"cost 1", {{"cogs", 540}, {"stock", -540}}},
  {"wages", {{"wages", 1200}, {"cash", -1200}}},
  {"ghost", {{"cash", 1}, {"petty", -1}}},
  {"sale 2", {{"cash", 2450.10}, {"sales", -2450.10}}},
  {"cost 2", {{"cogs", 1470.06}, {"stock", -1470.06}}},
  {"repay", {{"bank_loan", 500}, {"cash", -500}}},
}
for _, p in ipairs(postings) do
  local ok, res = pcall(book.post, book, p[1], p[2])
  if ok then
    print(string.format("#%-2d %-14s ok", res, p[1]))
  elseif res.code == "UNBALANCED" then
    print(string.format("    %-14s refused: off by %s", res.memo, res.off))
  else
    print(string.format("    %-14s refused: %s (line %d: %s)", p[1], res.code, res.line, res.account))
  end
end

print(string.rep("=", 40))
for _, code in ipairs(book.order) do
  local acc = book.accounts[code]
  print(string.format("%-10s %-10s %12s %3d", code, acc.kind, tostring(acc.balance), acc.entries))
end
print(string.rep("=", 40))
local assets, liab, equity = book:total("asset"), book:total("liability"), book:total("equity")
local profit = book:total("income") - book:total("expense")
print("assets", assets, "liabilities", liab, "equity", equity, "profit", profit)
print("balanced:", assets == liab + equity + profit)

-- package.preload takes precedence over files; loader gets name and ":preload:".
package.preload["ledger.plugin"] = function(name, extra)
  return {name = name, extra = extra}
end
local plug = require("ledger.plugin")
print(plug.name, plug.extra, require("ledger.plugin") == plug)

-- Reloading a module runs it again (its counter in package.loaded goes up).
package.loaded.ledger = nil
local ledger2 = require("ledger")
print(ledger2 ~= ledger, ledger2.Money == Money, package.loaded["ledger.stats"].loads)

-- Missing module: the message lists where it looked (paths normalised).
local ok, err = pcall(require, "ledger.nothere")
print(ok)
for line in norm(err):gmatch("[^\n]+") do
  if line:find("modules/") or line:find("not found") or line:find("preload") then print(line) end
end
