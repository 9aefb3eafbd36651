-- A longer program split into modules loaded with require: a small bank with accounts
-- (a class module), a bank package (init.lua requiring its submodule) and a text
-- formatting module, plus the shapes package used by a second report.

local root = os.getenv("CARGO_MANIFEST_DIR")
local MODS = "scripts/modules/?.lua;scripts/modules/?/init.lua"
if root then
  MODS = MODS .. ";" .. root .. "/scripts/modules/?.lua;" .. root .. "/scripts/modules/?/init.lua"
end
package.path = MODS .. ";" .. package.path
local function norm(s) return (string.gsub(s, "[^%s']*scripts/modules/", "modules/")) end

local fmt = require("textfmt")
local bank = require("bank")
local Account = require("bank.account")
print(package.loaded["bank.account"] == Account, type(bank.open))

bank.open("alice", 10000)
bank.open("bob", 2550)
bank.open("carol")
bank.open("dave", 99)

local transfers = {
  {"alice", "bob", 1250}, {"bob", "carol", 3000}, {"carol", "dave", 1},
  {"bob", "carol", 3800}, {"alice", "dave", 5000}, {"dave", "alice", 5100},
  {"carol", "bob", 3799}, {"alice", "carol", 0}, {"bob", "alice", 1},
}
for i, t in ipairs(transfers) do
  local ok, res = pcall(bank.transfer, t[1], t[2], t[3])
  if not ok then
    print("transfer " .. i .. " raised: " .. tostring(res))
  end
end
local ok, e = pcall(bank.transfer, "alice", "zed", 5)
print("unknown:", ok, e)

print(fmt.row({"owner", "balance", "ops"}, {8, 10, 4}))
print(string.rep("-", 28))
for _, owner in ipairs(bank.owners()) do
  local a = bank.accounts[owner]
  print(fmt.row({owner, fmt.money(a.balance), #a.history}, {8, 10, 4}))
end
print("total", fmt.money(bank.total()), "failures", bank.failures)
for i, line in ipairs(bank.log) do print(i, norm(line)) end
print(tostring(bank.accounts.alice), bank.accounts.carol.id)

-- Account history for one owner.
for _, h in ipairs(bank.accounts.bob.history) do
  print("bob", h.kind, fmt.money(h.amount), h.why)
end

-- The shapes package: submodules register themselves with the package.
local shapes = require("shapes")
require("shapes.circle")
require("shapes.rect")
local items = {shapes.circle(1), shapes.rect(2, 3), shapes.circle(3), shapes.rect(4, 4)}
table.sort(items, function(a, b) return a:area() < b:area() end)
for _, s in ipairs(items) do print(fmt.pad(s:describe(), 12), fmt.pad(s:area(), 4, true)) end
print("kinds", table.concat(shapes.kinds, ","))

-- Requiring again changes nothing; reloading a module gives a new class.
print(require("bank") == bank, #shapes.kinds)
package.loaded["bank.account"] = nil
local Account2 = require("bank.account")
print(Account2 == Account, Account2.new("eve", 1).id)
