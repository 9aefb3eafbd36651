local function a(x) return a(x - 1) end
local function b(x) return (b(x)) end
local function c(t) return t:m(1) end
local function d(x) return x, d(x) end
local function e(...) return ... end
local function f() return end
local function g(x) return x end
local function h(x) return x + 1 end
local function i(x) local y <close> = x; return i(x) end
local function j() return j end
local function k() return 1, 2, 3 end
local function l() return {} end
local function m() return g() end
