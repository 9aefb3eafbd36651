//! The syntax tree: what the parser produces and code generation consumes.
//! Every node that can fail at run time carries its source line, for line info.

/// Names and string literals are byte strings: Lua source need not be UTF-8.
pub type Name = Box<[u8]>;

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub stats: Vec<Stat>,
    /// `return explist` at the end of the block, with the line of `return`.
    pub ret: Option<Return>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Return {
    pub exprs: Vec<Expr>,
    pub line: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attrib {
    None,
    Const,
    Close,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stat {
    /// A function call used as a statement (`Expr` is a `Call` or `MethodCall`).
    Call(Expr),
    /// `local n1 <attr>, n2 = e1, e2`
    Local {
        names: Vec<(Name, Attrib)>,
        exprs: Vec<Expr>,
        line: u32,
    },
    /// `t1, t2 = e1, e2` (targets are `Name` or `Index` expressions)
    Assign {
        targets: Vec<Expr>,
        exprs: Vec<Expr>,
        line: u32,
    },
    Do(Block),
    While {
        cond: Expr,
        body: Block,
        line: u32,
    },
    Repeat {
        body: Block,
        cond: Expr,
        line: u32,
    },
    /// `if c1 then b1 elseif c2 then b2 else b3 end`
    If {
        arms: Vec<(Expr, Block)>,
        else_block: Option<Block>,
        line: u32,
    },
    NumericFor {
        var: Name,
        start: Expr,
        limit: Expr,
        step: Option<Expr>,
        body: Block,
        line: u32,
    },
    GenericFor {
        names: Vec<Name>,
        exprs: Vec<Expr>,
        body: Block,
        line: u32,
    },
    /// `function a.b.c:m() end`: `path` is `[a, b, c]`, `method` is `Some(m)`.
    Function {
        path: Vec<Name>,
        method: Option<Name>,
        body: Box<FuncBody>,
        line: u32,
    },
    LocalFunction {
        name: Name,
        body: Box<FuncBody>,
        line: u32,
    },
    Break {
        line: u32,
    },
    Goto {
        label: Name,
        line: u32,
    },
    Label {
        name: Name,
        line: u32,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct FuncBody {
    pub params: Vec<Name>,
    pub is_vararg: bool,
    pub body: Block,
    /// Line of `function`.
    pub line: u32,
    /// Line of the closing `end`.
    pub end_line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Nil,
    True,
    False,
    Vararg,
    Int(i64),
    Float(f64),
    Str(Box<[u8]>),
    Function(Box<FuncBody>),
    Table(Vec<Field>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Unary(UnOp, Box<Expr>),
    /// A variable reference: local, upvalue or global, resolved by code generation.
    Name(Name),
    /// `obj[key]`, and `obj.name` with `key` a `Str`.
    Index(Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    /// `obj:name(args)`
    MethodCall(Box<Expr>, Name, Vec<Expr>),
    /// `(e)`: truncates multiple results to one.
    Paren(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Field {
    /// `e` in list position.
    Positional(Expr),
    /// `name = e` (key is a `Str` expression) or `[k] = e`.
    Keyed(Expr, Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    IDiv,
    Mod,
    Pow,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
    Len,
    BNot,
}

impl Expr {
    fn placeholder() -> Expr {
        Expr {
            kind: ExprKind::Nil,
            line: 0,
        }
    }
}

/// Left-associative chains (`a+b+c+...`, `a.b.c...`, `f()()...`) are as deep as the source
/// is long, so freeing them must not recurse: children are moved to a work list instead.
impl Drop for Expr {
    fn drop(&mut self) {
        fn take(kind: &mut ExprKind, work: &mut Vec<Expr>) {
            match kind {
                ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
                    work.push(std::mem::replace(&mut **a, Expr::placeholder()));
                    work.push(std::mem::replace(&mut **b, Expr::placeholder()));
                }
                ExprKind::Unary(_, a) | ExprKind::Paren(a) => {
                    work.push(std::mem::replace(&mut **a, Expr::placeholder()));
                }
                ExprKind::Call(f, args) | ExprKind::MethodCall(f, _, args) => {
                    work.push(std::mem::replace(&mut **f, Expr::placeholder()));
                    work.append(args);
                }
                _ => {}
            }
        }
        if matches!(
            self.kind,
            ExprKind::Nil
                | ExprKind::Int(_)
                | ExprKind::Float(_)
                | ExprKind::Name(_)
                | ExprKind::Str(_)
        ) {
            return;
        }
        let mut work = Vec::new();
        take(&mut self.kind, &mut work);
        while let Some(mut e) = work.pop() {
            take(&mut e.kind, &mut work);
        }
    }
}
