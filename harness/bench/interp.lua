-- Application: a small stack-machine language, assembled from text with string.sub and
-- run by a dispatch loop in Lua (loops, calls, a data stack and a return stack).
N = N or 2000
local sub = string.sub
local source = [[
  push 0 store acc
  push 0 store i
loop:
  load i load n lt jz done
  load i call collatz load acc add store acc
  load i push 1 add store i
  jmp loop
done:
  load acc print halt
collatz:
  store x push 0 store steps
cl:
  load x push 1 gt jz cdone
  load x push 2 mod jz even
  load x push 3 mul push 1 add store x jmp next
even:
  load x push 2 div store x
next:
  load steps push 1 add store steps jmp cl
cdone:
  load steps ret
]]
local function words(s)
  local out, i, n = {}, 1, #s
  while i <= n do
    local c = sub(s, i, i)
    if c == " " or c == "\n" then i = i + 1
    else
      local j = i
      while j <= n do
        local d = sub(s, j, j)
        if d == " " or d == "\n" then break end
        j = j + 1
      end
      out[#out + 1] = sub(s, i, j - 1)
      i = j
    end
  end
  return out
end
local arity = {push = 1, load = 1, store = 1, jz = 1, jmp = 1, call = 1}
local digits = {}
for d = 0, 9 do digits[tostring(d)] = d end
local function number(w)
  local n = 0
  for k = 1, #w do n = n * 10 + digits[sub(w, k, k)] end
  return n
end
local function assemble(text)
  local ws = words(text)
  local code, labels, fixups = {}, {}, {}
  local k = 1
  while k <= #ws do
    local w = ws[k]
    if sub(w, #w) == ":" then labels[sub(w, 1, #w - 1)] = #code + 1; k = k + 1
    else
      code[#code + 1] = w
      if arity[w] then
        local arg = ws[k + 1]
        if w == "push" then code[#code + 1] = number(arg)
        else code[#code + 1] = arg; if w ~= "load" and w ~= "store" then fixups[#code] = true end end
        k = k + 2
      else k = k + 1 end
    end
  end
  for at in pairs(fixups) do code[at] = labels[code[at]] end
  return code
end
local function run(code, vars)
  local stack, sp, rstack, rp, pc = {}, 0, {}, 0, 1
  local out = 0
  while true do
    local op = code[pc]
    if op == "push" then sp = sp + 1; stack[sp] = code[pc + 1]; pc = pc + 2
    elseif op == "load" then sp = sp + 1; stack[sp] = vars[code[pc + 1]]; pc = pc + 2
    elseif op == "store" then vars[code[pc + 1]] = stack[sp]; sp = sp - 1; pc = pc + 2
    elseif op == "add" then sp = sp - 1; stack[sp] = stack[sp] + stack[sp + 1]; pc = pc + 1
    elseif op == "mul" then sp = sp - 1; stack[sp] = stack[sp] * stack[sp + 1]; pc = pc + 1
    elseif op == "div" then sp = sp - 1; stack[sp] = stack[sp] // stack[sp + 1]; pc = pc + 1
    elseif op == "mod" then sp = sp - 1; stack[sp] = stack[sp] % stack[sp + 1]; pc = pc + 1
    elseif op == "lt" then sp = sp - 1; stack[sp] = stack[sp] < stack[sp + 1] and 1 or 0; pc = pc + 1
    elseif op == "gt" then sp = sp - 1; stack[sp] = stack[sp] > stack[sp + 1] and 1 or 0; pc = pc + 1
    elseif op == "jz" then
      local v = stack[sp]; sp = sp - 1
      if v == 0 then pc = code[pc + 1] else pc = pc + 2 end
    elseif op == "jmp" then pc = code[pc + 1]
    elseif op == "call" then rp = rp + 1; rstack[rp] = pc + 2; pc = code[pc + 1]
    elseif op == "ret" then pc = rstack[rp]; rp = rp - 1
    elseif op == "print" then out = stack[sp]; sp = sp - 1; pc = pc + 1
    elseif op == "halt" then return out
    else error("bad op " .. tostring(op)) end
  end
end
local code = assemble(source)
print(#code, run(code, {n = N}))
