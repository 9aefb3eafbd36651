//! The shape of a generated program. Variables and functions are named by small numbers
//! that the renderer resolves against what is in scope at that point, so every tree
//! (including every shrunk one) renders to a well-formed program.

/// A constant operand.
#[derive(Clone, Debug)]
pub enum Lit {
    Int(i64),
    Float(f64),
    Str(&'static str),
    Bool(bool),
    Nil,
    /// Source text of an edge value: `math.maxinteger`, `(0/0)`, `-0.0`, ...
    Edge(&'static str),
}

#[derive(Clone, Debug)]
pub enum Expr {
    Lit(Lit),
    /// A data variable in scope (local, parameter, loop variable or upvalue).
    Var(u8),
    /// `...` in a vararg function, else `nil`.
    Vararg,
    Bin(&'static str, Box<Expr>, Box<Expr>),
    Un(&'static str, Box<Expr>),
    /// One `..` chain, capped in length so that loops cannot grow strings without bound.
    Concat(Vec<Expr>),
    /// `v[k]`
    Index(u8, Box<Expr>),
    /// `v.name`
    Field(u8, &'static str),
    Call(Callee, Vec<Expr>),
    /// `(e):name(args)`, a string method.
    Method(Box<Expr>, &'static str, Vec<Expr>),
    /// A library call by source prefix (up to the first argument) and argument count.
    Lib(&'static str, Vec<Expr>),
    /// `cap(string.rep(s, n, sep))` with a small literal count.
    Rep(Box<Expr>, u8, Option<&'static str>),
    Table(Vec<Item>),
    Lambda(Box<Func>),
}

#[derive(Clone, Debug)]
pub enum Callee {
    /// A function of the program's own (`fN`, never reassigned).
    Func(u8),
    /// Whatever a data variable holds: a function, a table with `__call`, or an error.
    Var(u8),
}

#[derive(Clone, Debug)]
pub enum Item {
    Pos(Expr),
    Named(&'static str, Expr),
    Keyed(Expr, Expr),
}

#[derive(Clone, Debug)]
pub struct Func {
    pub params: u8,
    pub vararg: bool,
    pub body: Block,
}

#[derive(Clone, Debug, Default)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub last: Option<Last>,
}

#[derive(Clone, Debug)]
pub enum Last {
    Return(Vec<Expr>),
    Break,
}

#[derive(Clone, Debug)]
pub enum Target {
    Var(u8),
    Index(u8, Expr),
    Field(u8, &'static str),
}

#[derive(Clone, Copy, Debug)]
pub enum Attrib {
    Plain,
    Const,
    Close,
}

#[derive(Clone, Debug)]
pub enum Iter {
    Ipairs(Expr),
    /// `pairs`, with a body that only counts, since traversal order is unspecified.
    PairsCount(Expr),
    /// A closure iterator over `1..=n`.
    Range(u8),
    /// `coroutine.wrap` over a body that yields.
    Coro(Block),
}

#[derive(Clone, Debug)]
pub enum MetaVal {
    Func(u8),
    Var(u8),
}

#[derive(Clone, Debug)]
pub enum Stmt {
    Local {
        /// Reuse the name of a variable in scope (shadowing) instead of a fresh one.
        shadow: Option<u8>,
        names: u8,
        values: Vec<Expr>,
        attrib: Attrib,
    },
    Assign(Vec<Target>, Vec<Expr>),
    Print(Vec<Expr>),
    /// `print(showall(call))`: every result of a call, or of `pcall` of it.
    PrintCall(Callee, Vec<Expr>, bool),
    Call(Callee, Vec<Expr>),
    If(Expr, Block, Vec<(Expr, Block)>, Option<Block>),
    While(Expr, Block),
    NumFor(Expr, Expr, Option<Expr>, Block),
    GenFor(Iter, Block),
    Repeat(Block, Expr),
    Do(Block),
    /// `local function fN` (may recurse) or `local fN = function`.
    LocalFunc(bool, Func),
    /// `print(showall(pcall(function() ... end)))`
    Protected(Block),
    Error(Expr, Option<u8>),
    /// `local v = setmetatable({items}, {events})`
    MetaLocal(Vec<Item>, Vec<(&'static str, MetaVal)>),
    Yield(Vec<Expr>),
}

/// A whole program: starting values of three variables, then statements.
#[derive(Clone, Debug)]
pub struct Program {
    pub init: Vec<Expr>,
    pub body: Block,
}
