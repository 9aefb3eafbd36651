//! A [`Program`] as Lua source. Names are resolved against the scope at each point, loops
//! spend a shared step budget and functions a shared call budget, so that every program
//! terminates whatever the tree (recursion, metamethods calling back, endless loops).

use super::ast::*;
use std::fmt::Write;

/// Helpers every program starts with. `show` keeps addresses out of the output; `cap`
/// bounds string growth; `fuel` and `steps` bound calls and loop iterations.
const PRELUDE: &str = r#"local fuel, steps = 40, 120
local function show(v)
  local ty = type(v)
  if ty == "table" then
    local mt = getmetatable(v)
    if mt and rawget(mt, "__tostring") then return tostring(v) end
    return "table"
  elseif ty == "function" or ty == "thread" or ty == "userdata" then
    return ty
  end
  return v
end
local function showall(...)
  local r = table.pack(...)
  for i = 1, r.n do r[i] = show(r[i]) end
  return table.unpack(r, 1, r.n)
end
local function cap(s)
  if type(s) == "string" and #s > 48 then return string.sub(s, 1, 48) end
  return s
end
local function range(n)
  local i = 0
  return function() i = i + 1 if i <= n then return i end end
end
local function f0(...) if fuel <= 0 then return end fuel = fuel - 1 return ... end
local function nonan(x) if x ~= x then return 0 end return x end
"#;

const TICK: &str = "steps = steps - 1 if steps < 0 then break end";
const FUEL: &str = "if fuel <= 0 then return end fuel = fuel - 1";

struct Var {
    name: String,
    assignable: bool,
    /// Declared with a table; indexing prefers these, since indexing anything else fails.
    table: bool,
}

struct Renderer {
    out: String,
    depth: usize,
    vars: Vec<Var>,
    funcs: Vec<String>,
    next: usize,
    in_loop: bool,
    vararg: bool,
}

pub fn render(p: &Program) -> String {
    let mut r = Renderer {
        out: String::from(PRELUDE),
        depth: 0,
        vars: Vec::new(),
        funcs: vec!["f0".into()],
        next: 1,
        in_loop: false,
        vararg: true,
    };
    let init: Vec<String> = p.init.iter().map(|e| r.expr(e)).collect();
    let names: Vec<String> = init.iter().map(|_| r.fresh("v")).collect();
    if !names.is_empty() {
        r.line(&format!("local {} = {}", names.join(", "), init.join(", ")));
    }
    for (name, e) in names.into_iter().zip(&p.init) {
        let table = matches!(e, Expr::Table(_));
        r.declare(name, true, table);
    }
    r.block(&p.body);
    r.out
}

fn lua_string(s: &str) -> String {
    let mut out = String::from("\"");
    for b in s.bytes() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\{b}");
            }
        }
    }
    out.push('"');
    out
}

fn lit(l: &Lit) -> String {
    match l {
        Lit::Int(i) if *i == i64::MIN => "math.mininteger".into(),
        Lit::Int(i) if *i < 0 => format!("({i})"),
        Lit::Int(i) => i.to_string(),
        Lit::Float(x) if x.is_sign_negative() => format!("({x:?})"),
        Lit::Float(x) => format!("{x:?}"),
        Lit::Str(s) => lua_string(s),
        Lit::Bool(b) => b.to_string(),
        Lit::Nil => "nil".into(),
        Lit::Edge(s) => (*s).into(),
    }
}

impl Renderer {
    fn fresh(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }

    fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// The variables visible here: a shadowed one is hidden by its later namesake.
    fn visible(&self) -> Vec<&Var> {
        let mut seen = Vec::new();
        for v in self.vars.iter().rev() {
            if !seen.iter().any(|s: &&Var| s.name == v.name) {
                seen.push(v);
            }
        }
        seen
    }

    fn var(&self, i: u8) -> String {
        let vis = self.visible();
        match vis.len() {
            0 => "(nil)".into(),
            n => vis[i as usize % n].name.clone(),
        }
    }

    /// A variable to index: a table-valued one for even `i`, when there is one.
    fn indexed(&self, i: u8) -> String {
        let vis: Vec<_> = self.visible().into_iter().filter(|v| v.table).collect();
        if i % 2 == 1 || vis.is_empty() {
            return self.var(i / 2);
        }
        vis[(i / 2) as usize % vis.len()].name.clone()
    }

    fn assignable(&self, i: u8) -> Option<String> {
        let vis: Vec<_> = self
            .visible()
            .into_iter()
            .filter(|v| v.assignable)
            .collect();
        (!vis.is_empty()).then(|| vis[i as usize % vis.len()].name.clone())
    }

    fn func(&self, i: u8) -> String {
        self.funcs[i as usize % self.funcs.len()].clone()
    }

    fn list(&mut self, es: &[Expr]) -> String {
        let parts: Vec<String> = es.iter().map(|e| self.expr(e)).collect();
        parts.join(", ")
    }

    fn callee(&self, c: &Callee) -> String {
        match c {
            Callee::Func(i) => self.func(*i),
            Callee::Var(i) => self.var(*i),
        }
    }

    fn expr(&mut self, e: &Expr) -> String {
        match e {
            Expr::Lit(l) => lit(l),
            Expr::Var(i) => self.var(*i),
            Expr::Vararg if self.vararg => "...".into(),
            Expr::Vararg => "nil".into(),
            Expr::Bin(op, a, b) => format!("({} {op} {})", self.expr(a), self.expr(b)),
            Expr::Un(op, a) => format!("({op}{})", self.expr(a)),
            Expr::Concat(parts) => {
                let parts: Vec<String> = parts.iter().map(|p| self.expr(p)).collect();
                format!("cap({})", parts.join(" .. "))
            }
            Expr::Index(v, k) => format!("{}[{}]", self.indexed(*v), self.expr(k)),
            Expr::Field(v, name) => format!("{}.{name}", self.indexed(*v)),
            Expr::Call(c, args) => format!("{}({})", self.callee(c), self.list(args)),
            Expr::Method(s, name, args) => {
                format!("({}):{name}({})", self.expr(s), self.list(args))
            }
            Expr::Lib(prefix, args) => {
                // `!`: the arguments may be shown as text, so keep addresses out of them.
                let args = match prefix.strip_prefix('!') {
                    Some(_) => {
                        let shown: Vec<String> = args
                            .iter()
                            .map(|a| format!("show({})", self.expr(a)))
                            .collect();
                        shown.join(", ")
                    }
                    None => self.list(args),
                };
                let prefix = prefix.trim_start_matches('!');
                let open = prefix.matches('(').count() - prefix.matches(')').count();
                let close = ")".repeat(open);
                match prefix.strip_suffix(", ") {
                    Some(head) if args.is_empty() => format!("{head}{close}"),
                    _ if prefix.ends_with(", ") || prefix.ends_with('(') => {
                        format!("{prefix}{args}{close}")
                    }
                    _ => format!("{prefix}({args}){close}"),
                }
            }
            Expr::Rep(s, n, sep) => {
                let s = self.expr(s);
                match sep {
                    Some(sep) => format!("cap(string.rep({s}, {n}, {}))", lua_string(sep)),
                    None => format!("cap(string.rep({s}, {n}))"),
                }
            }
            Expr::Table(items) => self.table(items),
            Expr::Lambda(f) => self.function(None, f),
        }
    }

    fn table(&mut self, items: &[Item]) -> String {
        let parts: Vec<String> = items
            .iter()
            .map(|it| match it {
                Item::Pos(e) => self.expr(e),
                Item::Named(k, v) => format!("{k} = {}", self.expr(v)),
                Item::Keyed(k, v) => format!("[{}] = {}", self.expr(k), self.expr(v)),
            })
            .collect();
        format!("{{{}}}", parts.join(", "))
    }

    /// `function(params) body end`, written inline; `name` for `local function name`.
    fn function(&mut self, name: Option<&str>, f: &Func) -> String {
        let saved_vars = self.vars.len();
        let saved = (
            self.in_loop,
            self.vararg,
            std::mem::take(&mut self.out),
            self.depth,
        );
        let mut params: Vec<String> = (0..f.params).map(|_| self.fresh("p")).collect();
        for p in &params {
            self.declare(p.clone(), true, false);
        }
        if f.vararg {
            params.push("...".into());
        }
        self.in_loop = false;
        self.vararg = f.vararg;
        let head = match name {
            Some(n) => format!("local function {n}({})", params.join(", ")),
            None => format!("function({})", params.join(", ")),
        };
        self.out.push_str(&head);
        self.out.push('\n');
        self.depth += 1;
        self.line(FUEL);
        self.block(&f.body);
        self.depth -= 1;
        let body = std::mem::replace(&mut self.out, saved.2);
        (self.in_loop, self.vararg, self.depth) = (saved.0, saved.1, saved.3);
        self.vars.truncate(saved_vars);
        let pad = "  ".repeat(self.depth);
        format!("{body}{pad}end")
    }

    fn scoped(&mut self, b: &Block) {
        let saved = (self.vars.len(), self.funcs.len());
        self.depth += 1;
        self.block(b);
        self.depth -= 1;
        self.vars.truncate(saved.0);
        self.funcs.truncate(saved.1);
    }

    fn looped(&mut self, b: &Block) {
        let was = std::mem::replace(&mut self.in_loop, true);
        self.depth += 1;
        self.line(TICK);
        self.depth -= 1;
        self.scoped(b);
        self.in_loop = was;
    }

    fn block(&mut self, b: &Block) {
        for s in &b.stmts {
            self.stmt(s);
        }
        match &b.last {
            Some(Last::Return(es)) => {
                let es = self.list(es);
                self.line(&format!("return {es}"));
            }
            Some(Last::Break) if self.in_loop => self.line("break"),
            _ => {}
        }
    }

    fn declare(&mut self, name: String, assignable: bool, table: bool) {
        self.vars.push(Var {
            name,
            assignable,
            table,
        });
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::Local {
                shadow,
                names,
                values,
                attrib,
            } => {
                let tables: Vec<bool> =
                    values.iter().map(|e| matches!(e, Expr::Table(_))).collect();
                let values = self.list(values);
                let mut decl = Vec::new();
                for i in 0..(*names).max(1) {
                    let name = match shadow {
                        Some(v) if i == 0 && !self.vars.is_empty() => self.var(*v),
                        _ => self.fresh("v"),
                    };
                    let attr = match attrib {
                        Attrib::Const => " <const>",
                        Attrib::Close if i == 0 => " <close>",
                        _ => "",
                    };
                    decl.push((name, attr));
                }
                let text: Vec<String> = decl.iter().map(|(n, a)| format!("{n}{a}")).collect();
                let eq = if values.is_empty() { "" } else { " = " };
                self.line(&format!("local {}{eq}{values}", text.join(", ")));
                for (i, (name, attr)) in decl.into_iter().enumerate() {
                    let table = tables.get(i).copied().unwrap_or(false);
                    self.declare(name, attr.is_empty(), table);
                }
            }
            Stmt::Assign(targets, values) => {
                let mut ts = Vec::new();
                for t in targets {
                    ts.push(match t {
                        Target::Var(i) => match self.assignable(*i) {
                            Some(n) => n,
                            None => continue,
                        },
                        Target::Index(v, k) => format!("{}[{}]", self.indexed(*v), self.expr(k)),
                        Target::Field(v, name) => format!("{}.{name}", self.indexed(*v)),
                    });
                }
                let values = self.list(values);
                if ts.is_empty() || values.is_empty() {
                    return;
                }
                self.line(&format!("{} = {values}", ts.join(", ")));
            }
            Stmt::Print(es) => {
                let parts: Vec<String> = es
                    .iter()
                    .map(|e| format!("show({})", self.expr(e)))
                    .collect();
                self.line(&format!("print({})", parts.join(", ")));
            }
            Stmt::PrintCall(c, args, protected) => {
                let f = self.callee(c);
                let args = self.list(args);
                let call = match (protected, args.is_empty()) {
                    (true, true) => format!("pcall({f})"),
                    (true, false) => format!("pcall({f}, {args})"),
                    (false, _) => format!("{f}({args})"),
                };
                self.line(&format!("print(showall({call}))"));
            }
            Stmt::Call(c, args) => {
                // A leading `;` keeps `(nil)(...)` from continuing the previous statement.
                let line = format!(";{}({})", self.callee(c), self.list(args));
                self.line(&line);
            }
            Stmt::If(cond, then, elifs, other) => {
                let c = self.expr(cond);
                self.line(&format!("if {c} then"));
                self.scoped(then);
                for (c, b) in elifs {
                    let c = self.expr(c);
                    self.line(&format!("elseif {c} then"));
                    self.scoped(b);
                }
                if let Some(b) = other {
                    self.line("else");
                    self.scoped(b);
                }
                self.line("end");
            }
            Stmt::While(cond, body) => {
                let c = self.expr(cond);
                self.line(&format!("while {c} do"));
                self.looped(body);
                self.line("end");
            }
            Stmt::NumFor(a, b, step, body) => {
                // NaN bounds run the body once (regress_for_nan_bounds.lua); `nonan`
                // keeps generated loops from depending on that corner.
                let (a, b) = (self.expr(a), self.expr(b));
                let (a, b) = (format!("nonan({a})"), format!("nonan({b})"));
                let step = step.as_ref().map(|s| format!(", {}", self.expr(s)));
                let i = self.fresh("v");
                self.line(&format!(
                    "for {i} = {a}, {b}{} do",
                    step.unwrap_or_default()
                ));
                self.declare(i, true, false);
                self.looped(body);
                self.vars.pop();
                self.line("end");
            }
            Stmt::GenFor(iter, body) => self.gen_for(iter, body),
            Stmt::Repeat(body, cond) => {
                self.line("repeat");
                let saved = (self.vars.len(), self.funcs.len());
                let was = std::mem::replace(&mut self.in_loop, true);
                self.depth += 1;
                self.line(TICK);
                self.block(body);
                self.depth -= 1;
                self.in_loop = was;
                // The condition sees the body's locals.
                let c = self.expr(cond);
                self.vars.truncate(saved.0);
                self.funcs.truncate(saved.1);
                self.line(&format!("until {c}"));
            }
            Stmt::Do(b) => {
                self.line("do");
                self.scoped(b);
                self.line("end");
            }
            Stmt::LocalFunc(recursive, f) => {
                let name = self.fresh("f");
                let text = if *recursive {
                    self.funcs.push(name.clone());
                    self.function(Some(&name), f)
                } else {
                    let body = self.function(None, f);
                    self.funcs.push(name.clone());
                    format!("local {name} = {body}")
                };
                self.line(&text);
            }
            Stmt::Protected(b) => {
                let f = Func {
                    params: 0,
                    vararg: false,
                    body: b.clone(),
                };
                let text = self.function(None, &f);
                self.line(&format!("print(showall(pcall({text})))"));
            }
            Stmt::Error(e, level) => {
                let e = self.expr(e);
                match level {
                    Some(l) => self.line(&format!("error({e}, {l})")),
                    None => self.line(&format!("error({e})")),
                }
            }
            Stmt::MetaLocal(items, events) => {
                let t = self.table(items);
                let evs: Vec<String> = events
                    .iter()
                    .map(|(ev, v)| match v {
                        MetaVal::Func(i) => format!("{ev} = {}", self.func(*i)),
                        MetaVal::Var(i) => format!("{ev} = {}", self.var(*i)),
                    })
                    .collect();
                let name = self.fresh("v");
                self.line(&format!(
                    "local {name} = setmetatable({t}, {{{}}})",
                    evs.join(", ")
                ));
                self.declare(name, true, true);
            }
            Stmt::Yield(es) => {
                let es = self.list(es);
                self.line(&format!("coroutine.yield({es})"));
            }
        }
    }

    fn gen_for(&mut self, iter: &Iter, body: &Block) {
        match iter {
            Iter::Ipairs(e) => {
                let e = self.expr(e);
                let (k, v) = (self.fresh("v"), self.fresh("v"));
                self.line(&format!("for {k}, {v} in ipairs({e}) do"));
                self.declare(k, true, false);
                self.declare(v, true, false);
                self.looped(body);
                self.vars.truncate(self.vars.len() - 2);
            }
            Iter::PairsCount(e) => {
                let e = self.expr(e);
                self.line(&format!(
                    "do local n = 0 for _ in pairs({e}) do {TICK} n = n + 1 end print(\"pairs\", n) end"
                ));
                return;
            }
            Iter::Range(n) => {
                let i = self.fresh("v");
                self.line(&format!("for {i} in range({n}) do"));
                self.declare(i, true, false);
                self.looped(body);
                self.vars.pop();
            }
            Iter::Coro(gen) => {
                let f = Func {
                    params: 0,
                    vararg: false,
                    body: gen.clone(),
                };
                let g = self.function(None, &f);
                let i = self.fresh("v");
                self.line(&format!("for {i} in coroutine.wrap({g}) do"));
                self.declare(i, true, false);
                self.looped(body);
                self.vars.pop();
            }
        }
        self.line("end");
    }
}
