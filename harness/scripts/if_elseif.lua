-- if / elseif / else chains and truthiness of every type.
local function classify(x)
  if type(x) ~= "number" then return "nan-type"
  elseif x < 0 then return "negative"
  elseif x == 0 then return "zero"
  elseif x < 10 then return "small"
  elseif x < 100 then return "medium"
  else return "large" end
end
print(classify(-5), classify(0), classify(3), classify(42), classify(1000), classify("x"))
local function truth(v) if v then return "T" else return "F" end end
print(truth(nil), truth(false), truth(0), truth(""), truth({}), truth(0.0), truth(-0.0), truth(0 / 0))
-- if without else, nested ifs, empty branches.
local out = {}
for i = 1, 15 do
  if i % 3 == 0 then
    if i % 5 == 0 then out[#out + 1] = "FB" else out[#out + 1] = "F" end
  elseif i % 5 == 0 then
    out[#out + 1] = "B"
  else
  end
end
local s = ""
for _, v in ipairs(out) do s = s .. v .. " " end
print(s)
-- Conditions with side effects evaluated once, in order.
local trace = ""
local function t(v, tag) trace = trace .. tag; return v end
if t(false, "a") then elseif t(nil, "b") then elseif t(1, "c") then trace = trace .. "!" elseif t(1, "d") then end
print(trace)
-- Comparisons producing booleans in conditions.
local x = 5
if x > 3 and x < 10 then print("in range") end
if not (x == 5) then print("no") else print("yes") end
if x ~= 5 then print("no") elseif x >= 5 then print("ge") end
-- Long elseif chain.
local function grade(n)
  if n >= 90 then return "A" elseif n >= 80 then return "B" elseif n >= 70 then return "C"
  elseif n >= 60 then return "D" elseif n >= 50 then return "E" else return "F" end
end
local g = ""
for n = 45, 100, 5 do g = g .. grade(n) end
print(g)
-- Constant conditions.
if true then print("const true") end
if false then print("never") else print("const false") end
if nil then print("never") end
if 1 then print("one is true") end
