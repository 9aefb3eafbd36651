//! Expressions: operator precedence, suffixes (index, call, method call) and table
//! constructors.

use super::dismantle::{dismantle, Node};
use super::{PResult, Parser};
use crate::compiler::ast::*;
use crate::compiler::lexer::Token;

const UNARY_PRIORITY: u8 = 12;

fn unary_op(tok: &Token) -> Option<UnOp> {
    Some(match tok {
        Token::Not => UnOp::Not,
        Token::Char(b'-') => UnOp::Neg,
        Token::Char(b'#') => UnOp::Len,
        Token::Char(b'~') => UnOp::BNot,
        _ => return None,
    })
}

fn binary_op(tok: &Token) -> Option<BinOp> {
    Some(match tok {
        Token::Char(b'+') => BinOp::Add,
        Token::Char(b'-') => BinOp::Sub,
        Token::Char(b'*') => BinOp::Mul,
        Token::Char(b'%') => BinOp::Mod,
        Token::Char(b'^') => BinOp::Pow,
        Token::Char(b'/') => BinOp::Div,
        Token::IDiv => BinOp::IDiv,
        Token::Char(b'&') => BinOp::BAnd,
        Token::Char(b'|') => BinOp::BOr,
        Token::Char(b'~') => BinOp::BXor,
        Token::Shl => BinOp::Shl,
        Token::Shr => BinOp::Shr,
        Token::Concat => BinOp::Concat,
        Token::Ne => BinOp::Ne,
        Token::Eq => BinOp::Eq,
        Token::Char(b'<') => BinOp::Lt,
        Token::Le => BinOp::Le,
        Token::Char(b'>') => BinOp::Gt,
        Token::Ge => BinOp::Ge,
        Token::And => BinOp::And,
        Token::Or => BinOp::Or,
        _ => return None,
    })
}

/// (left, right) binding power; right < left makes an operator right-associative.
fn priority(op: BinOp) -> (u8, u8) {
    use BinOp::*;
    match op {
        Or => (1, 1),
        And => (2, 2),
        Eq | Ne | Lt | Le | Gt | Ge => (3, 3),
        BOr => (4, 4),
        BXor => (5, 5),
        BAnd => (6, 6),
        Shl | Shr => (7, 7),
        Concat => (9, 8),
        Add | Sub => (10, 10),
        Mul | Div | IDiv | Mod => (11, 11),
        Pow => (14, 13),
    }
}

/// A call argument list, index or method suffix, parsed before it is attached.
enum Suffix {
    Index(Expr),
    /// The method name, the arguments, and the line of the token that opens them.
    Method(Name, Vec<Expr>, u32),
    Call(Vec<Expr>, u32),
}

impl Parser<'_> {
    pub(super) fn explist(&mut self) -> PResult<Vec<Expr>> {
        let mut exprs = Vec::new();
        loop {
            match self.expr() {
                Ok(e) => exprs.push(e),
                Err(err) => {
                    exprs.into_iter().for_each(|e| dismantle(Node::Expr(e)));
                    return Err(err);
                }
            }
            match self.test_next(&Token::Char(b',')) {
                Ok(true) => {}
                Ok(false) => return Ok(exprs),
                Err(err) => {
                    exprs.into_iter().for_each(|e| dismantle(Node::Expr(e)));
                    return Err(err);
                }
            }
        }
    }

    pub(super) fn expr(&mut self) -> PResult<Expr> {
        Ok(self.subexpr(0)?.0)
    }

    /// An expression whose binary operators all bind tighter than `limit`; also returns
    /// the operator that stopped it. Left-associative chains are built in a loop, so only
    /// right operands and unary operands nest.
    fn subexpr(&mut self, limit: u8) -> PResult<(Expr, Option<BinOp>)> {
        self.enter_level()?;
        let mut left = if let Some(op) = unary_op(&self.tok) {
            let line = self.line();
            self.next()?;
            let operand = self.subexpr(UNARY_PRIORITY)?.0;
            Expr {
                kind: ExprKind::Unary(op, Box::new(operand)),
                line,
            }
        } else {
            self.simpleexp()?
        };
        let mut op = binary_op(&self.tok);
        while let Some(o) = op {
            let (left_power, right_power) = priority(o);
            if left_power <= limit {
                break;
            }
            let line = self.line();
            let right = self.next().and_then(|()| self.subexpr(right_power));
            match right {
                Ok((right, next_op)) => {
                    left = Expr {
                        kind: ExprKind::Binary(o, Box::new(left), Box::new(right)),
                        line,
                    };
                    op = next_op;
                }
                Err(e) => {
                    dismantle(Node::Expr(left));
                    return Err(e);
                }
            }
        }
        self.level -= 1;
        Ok((left, op))
    }

    fn simpleexp(&mut self) -> PResult<Expr> {
        let line = self.line();
        let kind = match &mut self.tok {
            Token::Int(i) => ExprKind::Int(*i),
            Token::Float(f) => ExprKind::Float(*f),
            Token::Str(s) => ExprKind::Str(std::mem::take(s)),
            Token::Nil => ExprKind::Nil,
            Token::True => ExprKind::True,
            Token::False => ExprKind::False,
            Token::Dots => {
                if !self.fs.is_vararg {
                    return Err(self.syntax_error("cannot use '...' outside a vararg function"));
                }
                ExprKind::Vararg
            }
            Token::Char(b'{') => return self.constructor(),
            Token::Function => {
                self.next()?;
                let body = self.body(false, self.line())?;
                return Ok(Expr {
                    kind: ExprKind::Function(Box::new(body)),
                    line,
                });
            }
            _ => return self.suffixedexp(),
        };
        self.next()?;
        Ok(Expr { kind, line })
    }

    fn primaryexp(&mut self) -> PResult<Expr> {
        let line = self.line();
        match self.tok {
            Token::Name(_) => Ok(Expr {
                kind: ExprKind::Name(self.check_name()?),
                line,
            }),
            Token::Char(b'(') => {
                self.next()?;
                let inner = self.expr()?;
                if let Err(e) = self.check_match(&Token::Char(b')'), &Token::Char(b'('), line) {
                    dismantle(Node::Expr(inner));
                    return Err(e);
                }
                Ok(Expr {
                    kind: ExprKind::Paren(Box::new(inner)),
                    line,
                })
            }
            _ => Err(self.syntax_error("unexpected symbol")),
        }
    }

    /// A call is attributed to the line of the token that opens its arguments, as Lua
    /// 5.4.9 (the vendored reference) does; Debian's 5.4.4 used the line where the called
    /// expression starts. An index is attributed to the line of its last token.
    pub(super) fn suffixedexp(&mut self) -> PResult<Expr> {
        let mut e = self.primaryexp()?;
        loop {
            let suffix = match self.suffix() {
                Ok(Some(s)) => s,
                Ok(None) => return Ok(e),
                Err(err) => {
                    dismantle(Node::Expr(e));
                    return Err(err);
                }
            };
            let (kind, line) = match suffix {
                Suffix::Index(key) => (ExprKind::Index(Box::new(e), Box::new(key)), self.lastline),
                Suffix::Method(name, args, line) => {
                    (ExprKind::MethodCall(Box::new(e), name, args), line)
                }
                Suffix::Call(args, line) => (ExprKind::Call(Box::new(e), args), line),
            };
            e = Expr { kind, line };
        }
    }

    fn suffix(&mut self) -> PResult<Option<Suffix>> {
        Ok(Some(match self.tok {
            Token::Char(b'.') => {
                self.next()?;
                let key_line = self.line();
                let name = self.check_name()?;
                Suffix::Index(Expr {
                    kind: ExprKind::Str(name),
                    line: key_line,
                })
            }
            Token::Char(b'[') => Suffix::Index(self.bracket_key()?),
            Token::Char(b':') => {
                self.next()?;
                let name = self.check_name()?;
                let line = self.line();
                Suffix::Method(name, self.call_args(line)?, line)
            }
            Token::Char(b'(' | b'{') | Token::Str(_) => {
                let line = self.line();
                Suffix::Call(self.call_args(line)?, line)
            }
            _ => return Ok(None),
        }))
    }

    /// `[expr]`
    fn bracket_key(&mut self) -> PResult<Expr> {
        self.next()?;
        let key = self.expr()?;
        if let Err(e) = self.check_next(&Token::Char(b']')) {
            dismantle(Node::Expr(key));
            return Err(e);
        }
        Ok(key)
    }

    /// `line` is the line of the token that opens the arguments, named in the message for
    /// an unclosed `(`.
    fn call_args(&mut self, line: u32) -> PResult<Vec<Expr>> {
        match self.tok {
            Token::Char(b'(') => {
                self.next()?;
                let args = if self.tok == Token::Char(b')') {
                    Vec::new()
                } else {
                    self.explist()?
                };
                if let Err(e) = self.check_match(&Token::Char(b')'), &Token::Char(b'('), line) {
                    args.into_iter().for_each(|a| dismantle(Node::Expr(a)));
                    return Err(e);
                }
                Ok(args)
            }
            Token::Char(b'{') => Ok(vec![self.constructor()?]),
            Token::Str(_) => Ok(vec![self.simpleexp()?]),
            _ => Err(self.syntax_error("function arguments expected")),
        }
    }

    fn constructor(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.check_next(&Token::Char(b'{'))?;
        let mut fields = Vec::new();
        let result = self.fields(&mut fields, line);
        if let Err(e) = result {
            for field in fields {
                match field {
                    Field::Positional(v) => dismantle(Node::Expr(v)),
                    Field::Keyed(k, v) => {
                        dismantle(Node::Expr(k));
                        dismantle(Node::Expr(v));
                    }
                }
            }
            return Err(e);
        }
        Ok(Expr {
            kind: ExprKind::Table(fields),
            line,
        })
    }

    fn fields(&mut self, fields: &mut Vec<Field>, line: u32) -> PResult<()> {
        loop {
            if self.tok == Token::Char(b'}') {
                break;
            }
            let keyed_by_name =
                matches!(self.tok, Token::Name(_)) && *self.peek()? == Token::Char(b'=');
            let field = if keyed_by_name {
                let key_line = self.line();
                let key = Expr {
                    kind: ExprKind::Str(self.check_name()?),
                    line: key_line,
                };
                self.next()?; // `=`
                Field::Keyed(key, self.expr()?)
            } else if self.tok == Token::Char(b'[') {
                let key = self.bracket_key()?;
                match self
                    .check_next(&Token::Char(b'='))
                    .and_then(|()| self.expr())
                {
                    Ok(value) => Field::Keyed(key, value),
                    Err(e) => {
                        dismantle(Node::Expr(key));
                        return Err(e);
                    }
                }
            } else {
                Field::Positional(self.expr()?)
            };
            fields.push(field);
            if !self.test_next(&Token::Char(b','))? && !self.test_next(&Token::Char(b';'))? {
                break;
            }
        }
        self.check_match(&Token::Char(b'}'), &Token::Char(b'{'), line)
    }
}
