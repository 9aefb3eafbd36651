//! Lines of closing tokens, read from the source. The tree records where constructs start;
//! luac also stamps code with the lines of `end`, `}`, `)`, `else`, `until` and `do`. Each
//! of those token kinds belongs to exactly one kind of tree node, and code generation
//! walks the tree in source order, so taking the tokens of a kind one by one, in order,
//! as the walk passes their nodes, yields each node's token.

use crate::compiler::ast::{Expr, ExprKind};
use crate::compiler::lexer::{Lexer, Token};
use std::collections::{HashMap, VecDeque};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    End,
    Else,
    Elseif,
    Until,
    Do,
    LParen,
    RParen,
    LBrace,
    RBrace,
    /// The `:` of a method call or method definition, stamped with the line of the name
    /// after it: lua5.4 emits a method call's SELF once it has read that name.
    Colon,
}

const KINDS: usize = 10;

fn kind(t: &Token) -> Option<Tok> {
    Some(match t {
        Token::End => Tok::End,
        Token::Else => Tok::Else,
        Token::Elseif => Tok::Elseif,
        Token::Until => Tok::Until,
        Token::Do => Tok::Do,
        Token::Char(b'(') => Tok::LParen,
        Token::Char(b')') => Tok::RParen,
        Token::Char(b'{') => Tok::LBrace,
        Token::Char(b'}') => Tok::RBrace,
        Token::Char(b':') => Tok::Colon,
        _ => return None,
    })
}

pub(crate) struct TokenLines {
    /// Per kind, the (token index, line) of the tokens not yet passed.
    queues: [VecDeque<(usize, u32)>; KINDS],
    /// String literals by token index, to tell `f"s"` from `f("s")`.
    strings: HashMap<usize, Box<[u8]>>,
    /// Line the scanner is on at the end of the source.
    pub eof_line: u32,
}

impl TokenLines {
    /// None if the source does not lex (then the parser has already failed anyway).
    pub(crate) fn scan(source: &[u8], chunkname: &[u8], file_prefix: bool) -> Option<Self> {
        let mut lex = Lexer::new(source, chunkname, file_prefix);
        let mut queues: [VecDeque<(usize, u32)>; KINDS] = Default::default();
        let mut strings = HashMap::new();
        let mut i = 0;
        let mut colon = None;
        loop {
            let t = lex.next_token().ok()?;
            if let Some(c) = colon.take() {
                queues[Tok::Colon as usize].push_back((c, lex.line()));
            }
            if t == Token::Eof {
                break;
            }
            if let Some(k) = kind(&t) {
                if k == Tok::Colon {
                    colon = Some(i);
                } else {
                    queues[k as usize].push_back((i, lex.line()));
                }
            } else if let Token::Str(s) = t {
                strings.insert(i, s);
            }
            i += 1;
        }
        Some(TokenLines {
            queues,
            strings,
            eof_line: lex.line(),
        })
    }

    fn peek(&self, t: Tok) -> Option<(usize, u32)> {
        self.queues[t as usize].front().copied()
    }

    /// Pass the next token of kind `t`; its line.
    pub fn take(&mut self, t: Tok) -> Option<u32> {
        self.queues[t as usize].pop_front().map(|(_, line)| line)
    }

    /// Whether a call whose arguments are `args` is written with parentheses (the tree
    /// gives `f"s"` and `f{...}` the same shape as `f("s")` and `f({...})`).
    pub fn call_has_parens(&self, args: &[Expr]) -> bool {
        let Some((open, _)) = self.peek(Tok::LParen) else {
            return false;
        };
        match args {
            [Expr {
                kind: ExprKind::Table(_),
                ..
            }] => self.peek(Tok::LBrace).is_none_or(|(brace, _)| open < brace),
            [Expr {
                kind: ExprKind::Str(s),
                ..
            }] => {
                // `( "s" )` must be the very next three tokens.
                let close = self.peek(Tok::RParen).map(|(i, _)| i);
                close == Some(open + 2) && self.strings.get(&(open + 1)) == Some(s)
            }
            _ => true,
        }
    }
}
