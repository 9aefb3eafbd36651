-- Method definitions and calls: self, colon vs dot, chained calls, methods on strings.
local Account = { balance = 0 }
function Account.new(b) return setmetatable({ balance = b }, { __index = Account }) end
function Account:deposit(v) self.balance = self.balance + v; return self end
function Account:get() return self.balance end
function Account.static(x) return x * 2 end
local a = Account.new(100)
a:deposit(50):deposit(25)
print(a:get(), a.get(a), Account.get(a), Account.static(21))
local b = Account.new(0)
print(b:deposit(1):get(), a:get())

-- Nested tables with dotted function names.
local ns = { inner = { deeper = {} } }
function ns.inner.deeper.f(x) return "f" .. x end
function ns.inner.deeper:m(x) return self == ns.inner.deeper, x end
print(ns.inner.deeper.f(1), ns.inner.deeper:m(2))

-- The receiver expression is evaluated once.
local evals = 0
local obj = { v = 7 }
function obj:val() return self.v end
local function getobj() evals = evals + 1; return obj end
print(getobj():val(), evals)

-- Methods on strings go through the string metatable.
local fmt = "%d-%d"
print(fmt:format(1, 2), ("%s!"):format("hi"), ("x"):format())

-- Calling with string and table literals.
local function id(x) return x end
print(id "lit", id [[long]], id { 1, 2 }[2], type(id {}))
local o = { tag = "o" }
function o:with(t) return self.tag .. t[1] end
print(o:with { "!" }, o:with({ "?" }))
function o:str(s) return self.tag .. s end
print(o:str "s", o:str [[L]])

-- A method stored in a field named like a keyword-free identifier with varargs.
function o:count(...) return select('#', ...) end
print(o:count(), o:count(nil), o:count(1, 2, 3))
print(pcall(function() return o:missing() end))
print(pcall(function() local n = 5; return n:foo() end))
