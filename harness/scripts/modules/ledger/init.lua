-- ledger: double-entry bookkeeping over ledger.money; every posting must balance.
local Money = require("ledger.money")
local ledger = {kinds = {asset = 1, liability = -1, equity = -1, income = -1, expense = 1}}
ledger.__index = ledger

local loads = (package.loaded["ledger.stats"] or {loads = 0})
loads.loads = loads.loads + 1
package.loaded["ledger.stats"] = loads

function ledger.new(name)
  return setmetatable({name = name, accounts = {}, order = {}, journal = {}}, ledger)
end

function ledger:open(code, kind)
  if not ledger.kinds[kind] then error("unknown account kind '" .. tostring(kind) .. "'", 2) end
  if self.accounts[code] then error("account " .. code .. " exists", 2) end
  self.accounts[code] = {code = code, kind = kind, balance = Money.new(0), entries = 0}
  self.order[#self.order + 1] = code
end

-- lines: {{account, debit_amount}, ...}; positive debits, negative credits.
function ledger:post(memo, lines)
  local sum = Money.new(0)
  for i, l in ipairs(lines) do
    if not self.accounts[l[1]] then
      error({code = "NOACCOUNT", line = i, account = l[1]})
    end
    l[2] = Money.is(l[2]) and l[2] or Money.new(l[2])
    sum = sum + l[2]
  end
  if sum ~= Money.new(0) then
    error({code = "UNBALANCED", off = tostring(sum), memo = memo})
  end
  for _, l in ipairs(lines) do
    local a = self.accounts[l[1]]
    a.balance = a.balance + l[2] * ledger.kinds[a.kind]
    a.entries = a.entries + 1
  end
  self.journal[#self.journal + 1] = {memo = memo, lines = #lines}
  return #self.journal
end

function ledger:total(kind)
  local t = Money.new(0)
  for _, code in ipairs(self.order) do
    local a = self.accounts[code]
    if a.kind == kind then t = t + a.balance end
  end
  return t
end

ledger.Money = Money
return ledger
