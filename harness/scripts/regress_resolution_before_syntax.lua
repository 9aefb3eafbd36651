-- Scope errors (const assignment, missing label, stray break, jump into a local's scope)
-- are found by lua5.4 at a definite point of its single pass, so in a chunk that also has
-- a syntax error, whichever comes first in that pass is the one reported.
local chunks = {
  "local k <const> = 10\nk = 20\nw = = 30",
  "local function h() if true then break end end q = = 1",
  "function t.m() goto missing end r = = 2",
  "do goto skip; local v = 1; ::skip:: print(v) end s = = 4",
  "local function mk() local n <const> = 0; return function() n = n + 1 end end u = = 5",
  -- the syntax error comes first
  "p = = 9 local j <const> = 1; j = 2",
  "break\ny = = 3",
  "goto l; x = = 1 ::l::",
  -- the main chunk checks for the end of input before its gotos
  "goto x\n\n=",
  "goto x\n\n",
  -- a function's jumps are judged after its `end` and the token after it
  "function f()\n break\nend\n\ny = 1",
  "function f()\n break\nend\n \"abc",
  "function f()\n goto a\n goto b\nend",
  -- an assignment target is checked as soon as it is read
  "local x <const> = 1\nx\n=\n2",
  "local a, x <const> = 1, 2\na,\nx\n, = 2",
  "local x <const> = 1\nx, y( = 1",
  "local x <const> = 1\ny(), x = 1",
  -- `function name()` checks the name only after the body
  "local s <const> = 1; function s() goto x end",
  "local s <const> = 1; function s()\nend x = = 1",
  "local s <close> = nil; function s:m() end",
  -- a label checks the jumps waiting for it when declared (after trailing no-ops)
  "do goto l; local a; ::l::\n;\n::m:: print(a) end y = = 1",
  "repeat goto l; local a; ::l:: until a",
  "do goto l; local a; ::l:: end",
  "do\ngoto l\ndo\ngoto l\nend\nlocal a, b\n::l::\nprint(a) end",
  -- locals come into scope after their initialisers
  "local y <const> = function() y = 1 end",
  "local x <const> = 1; local x = function() x = 2 end",
  "local i <const> = 1; for i = 1, 2 do i = 3 end",
}
for i, src in ipairs(chunks) do
  local f, err = load(src, "=chunk" .. i)
  if f then
    print(i, "loaded")
  else
    print(i, err)
  end
end
