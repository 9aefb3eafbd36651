-- A recursive-descent parser and evaluator for a small expression language:
--   expr  := 'let' NAME '=' expr 'in' expr | 'if' expr 'then' expr 'else' expr
--          | 'fn' NAME '->' expr | cmp
--   cmp   := sum (('<' | '<=' | '==' | '~=') sum)?
--   sum   := term (('+' | '-') term)*      term := unary (('*' | '/' | '%') unary)*
--   unary := '-' unary | power              power := call ('^' unary)?
--   call  := atom ('(' expr ')')*           atom := NUMBER | NAME | '(' expr ')'
-- Errors are tables {kind, msg, line, col} raised with error() and caught with pcall.

local Lexer = {}
Lexer.__index = Lexer

local KEYWORDS = {let = true, ["in"] = true, ["if"] = true, ["then"] = true, ["else"] = true, fn = true}

local function new_error(kind, msg, line, col)
  return setmetatable({kind = kind, msg = msg, line = line, col = col}, {
    __tostring = function(e) return string.format("%s error at %d:%d: %s", e.kind, e.line, e.col, e.msg) end,
  })
end

local function tokenize(src)
  local toks, i, line, linestart = {}, 1, 1, 1
  while true do
    local s, e = src:find("^[ \t\r]+", i)
    if s then i = e + 1 end
    local c = src:sub(i, i)
    local col = i - linestart + 1
    if c == "" then
      toks[#toks + 1] = {t = "eof", line = line, col = col}
      return toks
    elseif c == "\n" then
      line, i, linestart = line + 1, i + 1, i + 1
    elseif src:find("^#", i) then
      i = (src:find("\n", i, true) or #src + 1)
    else
      local num = src:match("^%d+%.?%d*", i)
      local name = src:match("^[%a_][%w_]*", i)
      local op = src:match("^[<=~%-]=?>?", i)
      if num then
        toks[#toks + 1] = {t = "num", v = tonumber(num), line = line, col = col}
        i = i + #num
      elseif name then
        toks[#toks + 1] = {t = KEYWORDS[name] and name or "name", v = name, line = line, col = col}
        i = i + #name
      elseif op and (op == "<=" or op == "==" or op == "~=" or op == "->") then
        toks[#toks + 1] = {t = op, line = line, col = col}
        i = i + 2
      elseif c:find("[-+*/%%^()<=]") then
        toks[#toks + 1] = {t = c, line = line, col = col}
        i = i + 1
      else
        error(new_error("lexical", "unexpected character '" .. c .. "'", line, col))
      end
    end
  end
end

local Parser = {}
Parser.__index = Parser

function Parser.new(src) return setmetatable({toks = tokenize(src), pos = 1}, Parser) end
function Parser:peek() return self.toks[self.pos] end
function Parser:advance()
  local t = self.toks[self.pos]
  self.pos = self.pos + 1
  return t
end
function Parser:fail(msg, tok)
  tok = tok or self:peek()
  error(new_error("syntax", msg, tok.line, tok.col))
end
function Parser:expect(t, what)
  local tok = self:peek()
  if tok.t ~= t then
    local got = tok.t == "eof" and "end of input" or "'" .. (tok.v or tok.t) .. "'"
    self:fail(string.format("expected %s near %s", what or "'" .. t .. "'", got))
  end
  return self:advance()
end

function Parser:expr()
  local tok = self:peek()
  if tok.t == "let" then
    self:advance()
    local name = self:expect("name", "a name").v
    self:expect("=")
    local value = self:expr()
    self:expect("in")
    return {k = "let", name = name, value = value, body = self:expr(), tok = tok}
  elseif tok.t == "if" then
    self:advance()
    local c = self:expr(); self:expect("then")
    local a = self:expr(); self:expect("else")
    return {k = "if", c = c, a = a, b = self:expr(), tok = tok}
  elseif tok.t == "fn" then
    self:advance()
    local param = self:expect("name", "a parameter name").v
    self:expect("->")
    return {k = "fn", param = param, body = self:expr(), tok = tok}
  end
  local left = self:sum()
  local op = self:peek()
  if op.t == "<" or op.t == "<=" or op.t == "==" or op.t == "~=" then
    self:advance()
    return {k = "bin", op = op.t, l = left, r = self:sum(), tok = op}
  end
  return left
end

local function left_assoc(next_level, ops)
  return function(self)
    local left = self[next_level](self)
    while ops[self:peek().t] do
      local op = self:advance()
      left = {k = "bin", op = op.t, l = left, r = self[next_level](self), tok = op}
    end
    return left
  end
end
Parser.sum = left_assoc("term", {["+"] = true, ["-"] = true})
Parser.term = left_assoc("unary", {["*"] = true, ["/"] = true, ["%"] = true})

function Parser:unary()
  local tok = self:peek()
  if tok.t == "-" then self:advance(); return {k = "neg", e = self:unary(), tok = tok} end
  return self:power()
end

function Parser:power()
  local base = self:call()
  local tok = self:peek()
  if tok.t == "^" then
    self:advance()
    return {k = "bin", op = "^", l = base, r = self:unary(), tok = tok}
  end
  return base
end

function Parser:call()
  local e = self:atom()
  while self:peek().t == "(" do
    local tok = self:advance()
    local arg = self:expr()
    self:expect(")")
    e = {k = "call", f = e, arg = arg, tok = tok}
  end
  return e
end

function Parser:atom()
  local tok = self:peek()
  if tok.t == "num" then self:advance(); return {k = "num", v = tok.v}
  elseif tok.t == "name" then self:advance(); return {k = "var", name = tok.v, tok = tok}
  elseif tok.t == "(" then
    self:advance()
    local e = self:expr()
    self:expect(")")
    return e
  end
  self:fail(tok.t == "eof" and "unexpected end of input" or "unexpected '" .. (tok.v or tok.t) .. "'")
end

-- Evaluation with environments chained through __index.
local function runtime(msg, tok) error(new_error("runtime", msg, tok.line, tok.col)) end

local binops = {
  ["+"] = function(a, b) return a + b end, ["-"] = function(a, b) return a - b end,
  ["*"] = function(a, b) return a * b end,
  ["/"] = function(a, b, tok) if b == 0 then runtime("division by zero", tok) end return a / b end,
  ["%"] = function(a, b, tok) if b == 0 then runtime("modulo by zero", tok) end return a % b end,
  ["^"] = function(a, b) return a ^ b end,
  ["<"] = function(a, b) return a < b end, ["<="] = function(a, b) return a <= b end,
  ["=="] = function(a, b) return a == b end, ["~="] = function(a, b) return a ~= b end,
}

local steps
local function eval(node, env)
  steps = steps + 1
  if steps > 5000 then runtime("step limit exceeded", node.tok or {line = 0, col = 0}) end
  local k = node.k
  if k == "num" then return node.v
  elseif k == "var" then
    local v = env[node.name]
    if v == nil then runtime("undefined variable '" .. node.name .. "'", node.tok) end
    return v
  elseif k == "neg" then
    local v = eval(node.e, env)
    if type(v) ~= "number" then runtime("cannot negate a " .. type(v), node.tok) end
    return -v
  elseif k == "bin" then
    local a, b = eval(node.l, env), eval(node.r, env)
    if type(a) ~= "number" or type(b) ~= "number" then
      if not (node.op == "==" or node.op == "~=") then
        runtime(string.format("operator '%s' on %s and %s", node.op, type(a), type(b)), node.tok)
      end
    end
    return binops[node.op](a, b, node.tok)
  elseif k == "let" then
    local inner = setmetatable({}, {__index = env})
    inner[node.name] = eval(node.value, inner)   -- visible to itself: recursion works
    return eval(node.body, inner)
  elseif k == "if" then
    local c = eval(node.c, env)
    if c ~= false and c ~= 0 then return eval(node.a, env) end
    return eval(node.b, env)
  elseif k == "fn" then
    return setmetatable({param = node.param, body = node.body, env = env}, {
      __call = function(f, arg)
        local scope = setmetatable({[f.param] = arg}, {__index = f.env})
        return eval(f.body, scope)
      end,
      __tostring = function(f) return "<fn " .. f.param .. ">" end,
    })
  elseif k == "call" then
    local f = eval(node.f, env)
    if type(f) ~= "table" then runtime("attempt to call a " .. type(f), node.tok) end
    return f(eval(node.arg, env))
  end
  error("unknown node " .. tostring(k))
end

local function show(v)
  if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 1e15 then
    return string.format("%.1f", v)
  end
  return tostring(v)
end

local function run(src)
  steps = 0
  local ok, res = pcall(function()
    local p = Parser.new(src)
    local ast = p:expr()
    p:expect("eof", "end of input")
    return eval(ast, {pi = 3.25, answer = 42})
  end)
  if ok then return "= " .. show(res) .. "  (" .. steps .. " steps)" end
  if type(res) == "table" then return "! " .. tostring(res) end
  return "!! internal: " .. tostring(res)
end

local programs = {
  "1 + 2 * 3",
  "(1 + 2) * 3",
  "2 ^ 3 ^ 2",
  "-2 ^ 2",
  "10 - 4 - 3",
  "7 % 3 + 7 / 2",
  "let x = 5 in x * x + answer",
  "let sq = fn n -> n * n in sq(sq(3))",
  "let fact = fn n -> if n <= 1 then 1 else n * fact(n - 1) in fact(10)",
  "let fib = fn n -> if n < 2 then n else fib(n - 1) + fib(n - 2) in fib(12)",
  "let add = fn a -> fn b -> a + b in add(3)(4)",
  "let compose = fn f -> fn g -> fn x -> f(g(x)) in compose(fn x -> x + 1)(fn x -> x * 2)(pi)",
  "if 1 == 1 then 100 else 200",
  "# comment\nlet a = 1 in\n  let b = a + 1 in\n    a + b * 10",
  "1 +",
  "let = 4 in 5",
  "(1 + 2",
  "1 + 2)",
  "let x = 1 x",
  "3 $ 4",
  "let y = 2 in\n  y / (y - 2)",
  "5 % 0",
  "undefined + 1",
  "let f = 3 in f(2)",
  "let loop = fn n -> loop(n + 1) in loop(0)",
  "-(fn x -> x)",
  "fn x -> x",
  "1 < 2 == 1",
}
for i, src in ipairs(programs) do
  print(string.format("%2d %-40s %s", i, (src:gsub("\n", "\\n")):sub(1, 40), run(src)))
end

-- A non-table error passes through untouched; a table error keeps its fields.
local ok, e = pcall(error, new_error("syntax", "custom", 3, 14))
print(ok, getmetatable(e) ~= nil, e.kind, e.line, e.col, tostring(e))
ok, e = pcall(error, {code = 7})
print(ok, type(e), e.code)
