local function a()
  local function b()
    local function c()
      return function() return 1 end
    end
    return c
  end
  return b
end
local t = {
  f = function(x) return x end,
  g = function(...) return ... end,
}
local h = function(a, b, c)
  return function(d) return a + b + c + d end
end
print(a()()()(), t.f(1), t.g(2), h(1, 2, 3)(4))
