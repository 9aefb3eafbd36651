//! Random Lua programs run on every backend and on the reference Lua must print the same
//! lines and end the same way. A failure shrinks to a small program, shown in the panic.
//!
//! Programs mix integer, float and string operands in arithmetic, bitwise, comparison,
//! concatenation and length operators, table constructors and indexing, calls to a local
//! function and to library functions. Every expression is evaluated under `pcall`, so a
//! runtime error's exact message is compared too, and the program goes on.
//!
//! `LUATB_PROPTEST_CASES` sets the number of programs (default 10000).

use luatb_harness::backends::{dispatch, BACKENDS};
use luatb_harness::oracle::{compare, run_backend};
use luatb_harness::reference::run_reference;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::fmt;

#[derive(Clone, Debug)]
enum Expr {
    Int(i64),
    Float(f64),
    Str(&'static str),
    Bool(bool),
    Nil,
    /// One of the locals `a`, `b`, `c` (upvalues inside the `pcall`ed closures).
    Var(usize),
    Bin(&'static str, Box<Expr>, Box<Expr>),
    Un(&'static str, Box<Expr>),
    /// `t[k]`
    Index(Box<Expr>),
    /// `t.k`, `t.missing`
    Field(&'static str),
    /// `({items})[k]`: a constructor read back, never a table as a value (its address
    /// would differ between engines).
    Ctor(Vec<Expr>, Box<Expr>),
    /// `f(x, y)`, the program's local function.
    Call(Box<Expr>, Box<Expr>),
    /// A library function and its arguments.
    Lib(&'static str, Vec<Expr>),
}

const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or", "&",
    "|", "~", "<<", ">>",
];
const UNOPS: &[&str] = &["-", "not ", "#", "~"];
const FLOATS: &[f64] = &[
    0.0,
    -0.0,
    0.5,
    -2.25,
    3.0,
    1e15,
    1e308,
    2.5e-3,
    9.2233720368547758e18,
    0.1,
];
const INTS: &[i64] = &[i64::MAX, i64::MIN, -1, 0, 255, 1 << 53, 1 << 62];
const STRS: &[&str] = &[
    "10", "0x10", " 3 ", "1e2", "abc", "", "-7", "3.5", "x y", "0.5e1",
];
/// Library calls: name and argument count (extra arguments are generated, then cut).
const LIBS: &[(&str, usize)] = &[
    ("tostring", 1),
    ("tonumber", 1),
    ("type", 1),
    ("select('#', ", 2),
    ("string.len", 1),
    ("string.upper", 1),
    ("string.reverse", 1),
    ("string.sub", 3),
    ("string.byte", 2),
    ("string.char", 2),
    ("rawequal", 2),
    ("string.format('%d', ", 1),
    ("string.format('%5.1f|%s', ", 2),
    ("string.format('%g', ", 1),
    ("string.format('%x', ", 1),
];

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Wrapped so that `-x` never meets a preceding `-` as a comment.
            Expr::Int(i) if *i == i64::MIN => write!(f, "(-9223372036854775807 - 1)"),
            Expr::Int(i) => write!(f, "({i})"),
            Expr::Float(x) => write!(f, "({x:?})"),
            Expr::Str(s) => write!(f, "\"{s}\""),
            Expr::Bool(b) => write!(f, "{b}"),
            Expr::Nil => write!(f, "nil"),
            Expr::Var(i) => write!(f, "{}", ["a", "b", "c"][*i]),
            Expr::Bin(op, a, b) => write!(f, "({a} {op} {b})"),
            Expr::Un(op, a) => write!(f, "({op}{a})"),
            Expr::Index(k) => write!(f, "t[{k}]"),
            Expr::Field(k) => write!(f, "t.{k}"),
            Expr::Ctor(items, k) => {
                write!(f, "({{")?;
                for (i, e) in items.iter().enumerate() {
                    write!(f, "{}{e}", if i > 0 { ", " } else { "" })?;
                }
                write!(f, "}})[{k}]")
            }
            Expr::Call(x, y) => write!(f, "f({x}, {y})"),
            Expr::Lib(name, args) => {
                let open = if name.ends_with(", ") { "" } else { "(" };
                write!(f, "{name}{open}")?;
                for (i, e) in args.iter().enumerate() {
                    write!(f, "{}{e}", if i > 0 { ", " } else { "" })?;
                }
                write!(f, ")")
            }
        }
    }
}

impl Expr {
    /// The same expression with every call to `f` replaced, for `f`'s own body: a call
    /// there would be an endless (tail) recursion.
    fn without_calls(self) -> Expr {
        let strip = |e: Box<Expr>| Box::new(e.without_calls());
        match self {
            Expr::Call(x, y) => Expr::Bin("..", strip(x), strip(y)),
            Expr::Bin(op, a, b) => Expr::Bin(op, strip(a), strip(b)),
            Expr::Un(op, a) => Expr::Un(op, strip(a)),
            Expr::Index(k) => Expr::Index(strip(k)),
            Expr::Ctor(items, k) => Expr::Ctor(
                items.into_iter().map(Expr::without_calls).collect(),
                strip(k),
            ),
            Expr::Lib(name, args) => {
                Expr::Lib(name, args.into_iter().map(Expr::without_calls).collect())
            }
            leaf => leaf,
        }
    }
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        3 => (-3i64..20).prop_map(Expr::Int),
        1 => select(INTS).prop_map(Expr::Int),
        2 => select(FLOATS).prop_map(Expr::Float),
        2 => select(STRS).prop_map(Expr::Str),
        1 => any::<bool>().prop_map(Expr::Bool),
        1 => Just(Expr::Nil),
        2 => (0..3usize).prop_map(Expr::Var),
        1 => select(&["k", "s", "missing"][..]).prop_map(Expr::Field),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(4, 24, 3, |inner| {
        let boxed = || inner.clone().prop_map(Box::new);
        prop_oneof![
            6 => (select(BINOPS), boxed(), boxed()).prop_map(|(op, a, b)| Expr::Bin(op, a, b)),
            2 => (select(UNOPS), boxed()).prop_map(|(op, a)| Expr::Un(op, a)),
            1 => inner.clone().prop_map(|k| Expr::Index(Box::new(k))),
            1 => (prop::collection::vec(inner.clone(), 0..4), inner.clone())
                .prop_map(|(items, k)| Expr::Ctor(items, Box::new(k))),
            1 => (boxed(), boxed()).prop_map(|(x, y)| Expr::Call(x, y)),
            2 => (select(LIBS), prop::collection::vec(inner.clone(), 3))
                .prop_map(|((name, n), mut args)| { args.truncate(n); Expr::Lib(name, args) }),
        ]
    })
}

#[derive(Clone, Debug)]
enum Stmt {
    Show(Expr),
    SetVar(usize, Expr),
    SetIndex(Expr, Expr),
}

/// A whole program: starting values for `a`, `b`, `c`, the body of `f(x, y)` (an
/// expression over its parameters `b`, `c` and the local `a`) and a list of statements.
#[derive(Clone, Debug)]
struct Program {
    init: [Expr; 3],
    body: Expr,
    stmts: Vec<Stmt>,
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c] = &self.init;
        writeln!(
            f,
            "local t = {{10, \"x\", 2.5, k = 7, s = \"0x1F\", [5] = \"five\", [-1] = true}}"
        )?;
        writeln!(f, "local a, b, c = {a}, {b}, {c}")?;
        writeln!(f, "local function show(v)")?;
        writeln!(f, "  local ty = type(v)")?;
        writeln!(
            f,
            "  if ty == \"table\" or ty == \"function\" then return ty end"
        )?;
        writeln!(f, "  return v")?;
        writeln!(f, "end")?;
        // Inside `f`, `b` and `c` are its parameters.
        writeln!(f, "local function f(b, c) return {} end", self.body)?;
        for s in &self.stmts {
            match s {
                Stmt::Show(e) => writeln!(f, "print(pcall(function() return show({e}) end))")?,
                Stmt::SetVar(i, e) => {
                    let v = ["a", "b", "c"][*i];
                    writeln!(f, "print(pcall(function() {v} = {e} end), show({v}))")?
                }
                Stmt::SetIndex(k, v) => writeln!(
                    f,
                    "print(pcall(function() t[{k}] = {v}; return show(t[{k}]) end))"
                )?,
            }
        }
        writeln!(
            f,
            "print(show(t[1]), show(t.k), show(t[5]), show(a), show(b), show(c))"
        )
    }
}

fn program() -> impl Strategy<Value = Program> {
    let stmt = prop_oneof![
        5 => expr().prop_map(Stmt::Show),
        1 => ((0..3usize), expr()).prop_map(|(i, e)| Stmt::SetVar(i, e)),
        1 => (expr(), expr()).prop_map(|(k, v)| Stmt::SetIndex(k, v)),
    ];
    (
        [leaf(), leaf(), leaf()],
        expr().prop_map(Expr::without_calls),
        prop::collection::vec(stmt, 1..6),
    )
        .prop_map(|(init, body, stmts)| Program { init, body, stmts })
}

fn check(p: &Program) -> Result<(), TestCaseError> {
    let src = p.to_string();
    let reference = run_reference(src.as_bytes(), "=prop");
    for name in BACKENDS {
        let got = dispatch!(*name, run_backend, src.as_bytes(), "=prop").expect("known backend");
        if let Err(m) = compare(&reference, name, &got) {
            return Err(TestCaseError::fail(format!("program:\n{src}\n{m}")));
        }
    }
    Ok(())
}

#[test]
fn random_programs_agree_with_the_reference() {
    let cases = std::env::var("LUATB_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let config = Config {
        cases,
        failure_persistence: None,
        rng_seed: luatb_harness::fuzz::proptest_seed(),
        // Every step runs the program on all engines; this bounds a failure's shrinking.
        max_shrink_iters: 400,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    if let Err(e) = runner.run(&program(), |p| check(&p)) {
        panic!("{e}");
    }
}

#[test]
fn generated_programs_are_valid_lua() {
    // The generator itself must only produce programs the reference accepts.
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = runner.run(&program(), |p| {
        let r = run_reference(p.to_string().as_bytes(), "=prop");
        prop_assert!(r.error.is_none(), "{p}\n{:?}", r.error);
        prop_assert!(!r.stdout.is_empty());
        Ok(())
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
}
