local Account = {}
Account.__index = Account
function Account.new(balance)
  local self = setmetatable({}, Account)
  self.balance = balance
  return self
end
function Account:deposit(v)
  self.balance = self.balance + v
end
function Account:withdraw(v)
  if v > self.balance then error("insufficient funds") end
  self.balance = self.balance - v
end
local a = {b = {c = {}}}
function a.b.c.f(x) return x end
function a.b.c:m(x) return self, x end
function globalfn() end
function globaltab.field() end
function globaltab:method() end
local acc = Account.new(100)
acc:deposit(50)
acc:withdraw(30)
print(acc.balance)
