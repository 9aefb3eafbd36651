-- Multiple results: truncation, expansion only in last position, in constructors and calls.
local function none() end
local function one() return 1 end
local function three() return 1, 2, 3 end
print(none())
print(one(), three())
print(three(), one())
print(three(), three())
print((three()))
print(({ three(), three() })[4], #{ three(), three() }, #{ three(), (three()) })
local t = { three(), x = 1, three() }
print(#t, t[1], t[2], t[3], t[4])
local function wrap(...) return ... end
print(wrap(three()))
print(select('#', none()), select('#', (none())))
local a, b, c, d = three()
print(a, b, c, d)
local s = 0
for _, v in ipairs({ three() }) do s = s + v end
print(s)
local function recurse(n) if n == 0 then return end return n, recurse(n - 1) end
print(recurse(5))
local function ret_nil() return nil end
print(select('#', ret_nil()), ret_nil())
print(string.format("%d %d %d", three()))
local function pick(...) local n = select('#', ...) return n end
print(pick(three(), three()), pick(three(), none()), pick(none(), three()))
print(three() + three(), -three())
local function many() return 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 end
print(many())
print(pick(many(), many()))
