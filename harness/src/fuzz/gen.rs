//! Proptest strategies for [`Program`]s. Weights favour straight-line statements so that
//! programs stay small (CI runs ten thousand of them on five engines).

use super::ast::*;
use proptest::prelude::*;
use proptest::sample::select;

const INTS: &[i64] = &[
    i64::MAX,
    i64::MIN,
    -1,
    0,
    1,
    2,
    3,
    7,
    10,
    255,
    1 << 53,
    1 << 62,
];
const FLOATS: &[f64] = &[0.0, -0.0, 0.5, -2.25, 3.0, 1e15, 1e308, -1e308, 0.1, 2.5e-3];
const EDGES: &[&str] = &[
    "math.maxinteger",
    "math.mininteger",
    "(0/0)",
    "(-(0/0))",
    "(1/0)",
    "(-1/0)",
    "math.huge",
    "math.pi",
    "(2^53)",
    "(2^63)",
    "(-(2^63))",
    "(1 << 63)",
    "(math.maxinteger + 0.0)",
    "(math.mininteger // -1)",
];
const STRS: &[&str] = &[
    "",
    "a",
    "abc",
    "10",
    "0x10",
    " 3 ",
    "1e2",
    "-7",
    "3.5",
    "x y",
    "hello world",
    "a,b,,c",
    "%d",
    "\n",
    "\u{1}\u{7f}",
];
const FIELDS: &[&str] = &["x", "y", "n", "name", "__index"];
const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "^", "==", "~=", "<", "<=", ">", ">=", "and", "or", "&", "|",
    "~", "<<", ">>",
];
const UNOPS: &[&str] = &["-", "not ", "#", "~"];
/// String methods and how many arguments they take.
const METHODS: &[(&str, usize)] = &[
    ("sub", 2),
    ("upper", 0),
    ("lower", 0),
    ("len", 0),
    ("byte", 1),
    ("reverse", 0),
    ("find", 1),
    ("match", 1),
];
/// Library calls: a source prefix and how many arguments follow; `!` wraps each argument
/// in `show`, for functions that would print a table's address.
const LIBS: &[(&str, usize)] = &[
    ("!tostring", 1),
    ("tonumber", 1),
    ("tonumber", 2),
    ("type", 1),
    ("math.type", 1),
    ("math.tointeger", 1),
    ("math.abs", 1),
    ("math.floor", 1),
    ("math.ceil", 1),
    ("math.max", 2),
    ("math.min", 3),
    // Not both arguments: lua5.4 checks fmod's second argument first (C argument order).
    ("math.fmod(7, ", 1),
    ("math.ult", 2),
    ("string.len", 1),
    ("string.sub", 3),
    ("string.byte", 2),
    ("string.char", 2),
    ("select('#', ", 3),
    ("select(2, ", 3),
    ("rawequal", 2),
    ("rawlen", 1),
    ("rawget", 2),
    ("table.unpack", 1),
    ("cap(table.concat", 2),
    ("table.insert", 2),
    ("table.remove", 1),
    ("string.format('%d', ", 1),
    ("!string.format('%5.2f|%s', ", 2),
    ("string.format('%g %i', ", 2),
    ("string.format('%x', ", 1),
    ("string.format('%q', ", 1),
    ("!string.format('%-6s|%3d', ", 2),
    ("!cap(string.format('%s%s', ", 2),
    ("string.find", 3),
    ("string.match", 2),
    ("cap(string.gsub", 3),
    ("select('#', string.gsub(", 2),
];
/// Patterns given to `find`, `match` and `gsub` (some malformed on purpose).
const PATTERNS: &[&str] = &[
    "%d+",
    "(%a+)",
    "[aeiou]",
    "^a",
    ".-",
    "%s*(%w*)",
    "(.)(.)",
    "%b()",
    "%f[%w]%w+",
    "a*",
    "[^%d]",
    "(",
    "%",
    "x?y",
    "()",
];
const EVENTS: &[&str] = &[
    "__index",
    "__newindex",
    "__add",
    "__sub",
    "__mul",
    "__div",
    "__mod",
    "__idiv",
    "__unm",
    "__band",
    "__shl",
    "__concat",
    "__eq",
    "__lt",
    "__le",
    "__call",
    "__len",
    "__tostring",
    "__close",
];

fn lit() -> impl Strategy<Value = Lit> {
    prop_oneof![
        4 => (-3i64..12).prop_map(Lit::Int),
        1 => select(INTS).prop_map(Lit::Int),
        2 => select(FLOATS).prop_map(Lit::Float),
        3 => select(STRS).prop_map(Lit::Str),
        1 => select(PATTERNS).prop_map(Lit::Str),
        1 => any::<bool>().prop_map(Lit::Bool),
        1 => Just(Lit::Nil),
        2 => select(EDGES).prop_map(Lit::Edge),
    ]
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        5 => lit().prop_map(Expr::Lit),
        6 => any::<u8>().prop_map(Expr::Var),
        1 => Just(Expr::Vararg),
        1 => (any::<u8>(), select(FIELDS)).prop_map(|(v, f)| Expr::Field(v, f)),
    ]
}

pub fn expr() -> BoxedStrategy<Expr> {
    leaf()
        .prop_recursive(3, 12, 3, |inner| {
            let b = || inner.clone().prop_map(Box::new);
            let (m_inner, l_inner) = (inner.clone(), inner.clone());
            prop_oneof![
                6 => (select(BINOPS), b(), b()).prop_map(|(op, x, y)| Expr::Bin(op, x, y)),
                2 => (select(UNOPS), b()).prop_map(|(op, x)| Expr::Un(op, x)),
                2 => prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::Concat),
                2 => (any::<u8>(), b()).prop_map(|(v, k)| Expr::Index(v, k)),
                2 => (callee(), prop::collection::vec(inner.clone(), 0..3))
                    .prop_map(|(c, a)| Expr::Call(c, a)),
                1 => (b(), select(METHODS)).prop_flat_map(move |(s, (m, n))| {
                    prop::collection::vec(m_inner.clone(), n..=n)
                        .prop_map(move |a| Expr::Method(s.clone(), m, a))
                }),
                3 => select(LIBS).prop_flat_map(move |(name, n)| {
                    prop::collection::vec(l_inner.clone(), n..=n)
                        .prop_map(move |a| Expr::Lib(name, a))
                }),
                1 => (b(), 0u8..4, prop::option::of(select(&[",", "ab"][..])))
                    .prop_map(|(s, n, sep)| Expr::Rep(s, n, sep)),
                2 => prop::collection::vec(item(inner.clone()), 0..4).prop_map(Expr::Table),
            ]
        })
        .boxed()
}

fn item(e: impl Strategy<Value = Expr> + Clone) -> impl Strategy<Value = Item> {
    prop_oneof![
        3 => e.clone().prop_map(Item::Pos),
        2 => (select(FIELDS), e.clone()).prop_map(|(k, v)| Item::Named(k, v)),
        1 => (e.clone(), e).prop_map(|(k, v)| Item::Keyed(k, v)),
    ]
}

fn callee() -> impl Strategy<Value = Callee> {
    prop_oneof![
        3 => any::<u8>().prop_map(Callee::Func),
        1 => any::<u8>().prop_map(Callee::Var),
    ]
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        4 => any::<u8>().prop_map(Target::Var),
        2 => (any::<u8>(), expr()).prop_map(|(v, k)| Target::Index(v, k)),
        1 => (any::<u8>(), select(FIELDS)).prop_map(|(v, f)| Target::Field(v, f)),
    ]
}

fn args() -> impl Strategy<Value = Vec<Expr>> {
    prop::collection::vec(expr(), 0..3)
}

fn simple_stmt() -> impl Strategy<Value = Stmt> {
    let attrib = prop_oneof![
        8 => Just(Attrib::Plain),
        1 => Just(Attrib::Const),
        1 => Just(Attrib::Close),
    ];
    let event = (
        select(EVENTS),
        prop_oneof![3 => any::<u8>().prop_map(MetaVal::Func), 1 => any::<u8>().prop_map(MetaVal::Var)],
    );
    prop_oneof![
        4 => (prop::option::weighted(0.2, any::<u8>()), 1u8..3, prop::collection::vec(expr(), 0..3), attrib)
            .prop_map(|(shadow, names, values, attrib)| Stmt::Local { shadow, names, values, attrib }),
        4 => (prop::collection::vec(target(), 1..3), prop::collection::vec(expr(), 1..3))
            .prop_map(|(t, v)| Stmt::Assign(t, v)),
        5 => prop::collection::vec(expr(), 1..3).prop_map(Stmt::Print),
        3 => (callee(), args(), any::<bool>()).prop_map(|(c, a, p)| Stmt::PrintCall(c, a, p)),
        1 => (callee(), args()).prop_map(|(c, a)| Stmt::Call(c, a)),
        1 => (expr(), prop::option::of(0u8..3)).prop_map(|(e, l)| Stmt::Error(e, l)),
        2 => (prop::collection::vec(item(expr()), 0..3), prop::collection::vec(event, 1..4))
            .prop_map(|(items, evs)| Stmt::MetaLocal(items, evs)),
        1 => args().prop_map(Stmt::Yield),
    ]
}

fn block(s: impl Strategy<Value = Stmt>) -> impl Strategy<Value = Block> {
    let last = prop_oneof![
        4 => Just(None),
        2 => prop::collection::vec(expr(), 0..3).prop_map(|e| Some(Last::Return(e))),
        1 => Just(Some(Last::Break)),
    ];
    (prop::collection::vec(s, 0..4), last).prop_map(|(stmts, last)| Block { stmts, last })
}

fn func(s: impl Strategy<Value = Stmt>) -> impl Strategy<Value = Func> {
    (0u8..3, any::<bool>(), block(s)).prop_map(|(params, vararg, body)| Func {
        params,
        vararg,
        body,
    })
}

pub fn stmt() -> BoxedStrategy<Stmt> {
    simple_stmt().prop_recursive(2, 16, 3, |inner| {
        let b = || block(inner.clone());
        prop_oneof![
            2 => (expr(), b(), prop::collection::vec((expr(), b()), 0..2), prop::option::of(b()))
                .prop_map(|(c, t, ei, e)| Stmt::If(c, t, ei, e)),
            1 => (expr(), b()).prop_map(|(c, body)| Stmt::While(c, body)),
            2 => (expr(), expr(), prop::option::weighted(0.3, expr()), b())
                .prop_map(|(a, z, s, body)| Stmt::NumFor(a, z, s, body)),
            2 => (prop_oneof![
                    expr().prop_map(Iter::Ipairs),
                    expr().prop_map(Iter::PairsCount),
                    (0u8..5).prop_map(Iter::Range),
                    b().prop_map(Iter::Coro),
                ], b()).prop_map(|(i, body)| Stmt::GenFor(i, body)),
            1 => (b(), expr()).prop_map(|(body, c)| Stmt::Repeat(body, c)),
            1 => b().prop_map(Stmt::Do),
            3 => (any::<bool>(), func(inner.clone())).prop_map(|(r, f)| Stmt::LocalFunc(r, f)),
            2 => b().prop_map(Stmt::Protected),
            1 => (any::<u8>(), func(inner.clone()))
                .prop_map(|(v, f)| Stmt::Assign(vec![Target::Var(v)], vec![Expr::Lambda(Box::new(f))])),
        ]
    })
    .boxed()
}

/// Top-level statements are mostly protected sections, so that a runtime error (which
/// random operands make likely) ends a section rather than the whole program.
pub fn program() -> impl Strategy<Value = Program> {
    let top = prop_oneof![
        6 => block(stmt()).prop_map(Stmt::Protected),
        2 => (any::<bool>(), func(stmt())).prop_map(|(r, f)| Stmt::LocalFunc(r, f)),
        1 => simple_stmt(),
        1 => stmt(),
    ];
    (
        prop::collection::vec(item(lit().prop_map(Expr::Lit).boxed()), 0..4),
        prop::collection::vec(lit().prop_map(Expr::Lit), 3),
        prop::collection::vec(top, 1..6),
    )
        .prop_map(|(t, mut init, stmts)| {
            init.insert(0, Expr::Table(t));
            Program {
                init,
                body: Block { stmts, last: None },
            }
        })
}
