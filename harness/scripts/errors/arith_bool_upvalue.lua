local flag = true
local function f() return flag * 2 end
print(f())
