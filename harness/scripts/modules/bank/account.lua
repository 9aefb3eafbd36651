-- bank.account: an account class with a history of operations.
local Account = {}
Account.__index = Account
Account.__tostring = function(a) return "Account(" .. a.owner .. ")" end

local next_id = 0

function Account.new(owner, opening)
  next_id = next_id + 1
  local a = setmetatable({id = next_id, owner = owner, balance = 0, history = {}}, Account)
  if opening and opening > 0 then a:deposit(opening, "opening") end
  return a
end

function Account:deposit(cents, why)
  if cents <= 0 then error("deposit must be positive", 2) end
  self.balance = self.balance + cents
  self.history[#self.history + 1] = {kind = "in", amount = cents, why = why or "deposit"}
end

function Account:withdraw(cents, why)
  if cents > self.balance then
    error({code = "INSUFFICIENT", owner = self.owner, wanted = cents, has = self.balance})
  end
  self.balance = self.balance - cents
  self.history[#self.history + 1] = {kind = "out", amount = cents, why = why or "withdraw"}
end

return Account
