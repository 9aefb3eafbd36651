-- bank: accounts by owner, transfers that either fully happen or not at all.
local Account = require("bank.account")
local bank = {accounts = {}, log = {}, failures = 0}

function bank.open(owner, opening)
  local a = Account.new(owner, opening)
  bank.accounts[owner] = a
  return a
end

function bank.transfer(from, to, cents)
  local a, b = bank.accounts[from], bank.accounts[to]
  if not a or not b then
    error("unknown account " .. tostring(a and to or from), 2)
  end
  local ok, err = pcall(function()
    a:withdraw(cents, "to " .. to)
    b:deposit(cents, "from " .. from)
  end)
  if not ok then
    bank.failures = bank.failures + 1
    bank.log[#bank.log + 1] = type(err) == "table"
      and string.format("refused %s -> %s: %s (%d > %d)", from, to, err.code, err.wanted, err.has)
      or "refused: " .. tostring(err)
    return false
  end
  bank.log[#bank.log + 1] = string.format("moved %d %s -> %s", cents, from, to)
  return true
end

function bank.total()
  local t = 0
  for _, a in pairs(bank.accounts) do t = t + a.balance end
  return t
end

function bank.owners()
  local list = {}
  for owner in pairs(bank.accounts) do list[#list + 1] = owner end
  table.sort(list)
  return list
end

return bank
