//! Recursive-descent parser for Lua 5.4, producing an [`ast::Block`].
//!
//! It rejects exactly what lua5.4's single-pass parser rejects, with the same messages, at
//! the same point of the parse: besides syntax, the checks on declarations (attributes,
//! duplicate labels, the 200-local limit) and those that need scopes ([`resolve`]: goto
//! targets, `break` outside a loop, assignment to `<const>`), so that when a chunk has
//! several errors the one reported is lua5.4's. Code generation repeats the scope checks
//! only as a backstop for hand-built trees.
//!
//! Nesting is bounded like lua5.4's C-stack accounting, so recursion depth stays small.

mod dismantle;
mod expr;
mod resolve;

use super::ast::*;
use super::lexer::{Lexer, Token};
use super::SyntaxError;
use dismantle::{dismantle, Node};
use resolve::Resolver;

type PResult<T> = Result<T, SyntaxError>;

/// lua5.4 fails once its C-call counter reaches 200; a script run by `lua5.4 file.lua`
/// starts the parser with one call counted.
const MAX_LEVELS: u32 = 199;
/// Locals (including for-loop control variables) alive at once in one function.
const MAX_LOCALS: u32 = 200;

/// Parses a chunk read from a file, as `lua5.4 file` and `loadfile` do: a UTF-8
/// byte-order mark and a first line starting with `#` are skipped (the line still counts).
pub fn parse(source: &[u8], chunkname: &str) -> Result<Block, SyntaxError> {
    parse_chunk(source, chunkname.as_bytes(), true)
}

/// Parses a whole chunk (the body of a vararg main function). `load` of a string must pass
/// `file_prefix: false`: lua5.4 rejects a `#` line there.
pub fn parse_chunk(source: &[u8], chunkname: &[u8], file_prefix: bool) -> PResult<Block> {
    let mut p = Parser {
        lex: Lexer::new(source, chunkname, file_prefix),
        tok: Token::Eof,
        ahead: None,
        lastline: 1,
        level: 0,
        fs: FuncState {
            is_vararg: true,
            nvars: 0,
            linedefined: 0,
        },
        res: Resolver::default(),
    };
    p.next()?;
    let main = p.res.open_function();
    let block = p.statlist()?;
    // lua5.4 checks for the end of input before it closes the main function.
    let closed = match p.tok {
        Token::Eof => p.res.close_function(main).map_err(|m| p.lex.error(&m)),
        _ => Err(p.error_expected(&Token::Eof)),
    };
    if let Err(e) = closed {
        dismantle(Node::Block(block));
        return Err(e);
    }
    Ok(block)
}

/// Per-function state the parser itself needs.
struct FuncState {
    is_vararg: bool,
    /// Locals declared in the function's open blocks.
    nvars: u32,
    linedefined: u32,
}

struct Parser<'s> {
    lex: Lexer<'s>,
    tok: Token,
    ahead: Option<Token>,
    /// Line of the last token consumed: where lua5.4 attributes code emitted "now".
    lastline: u32,
    level: u32,
    fs: FuncState,
    res: Resolver,
}

impl<'s> Parser<'s> {
    fn next(&mut self) -> PResult<()> {
        self.lastline = self.lex.line();
        self.tok = match self.ahead.take() {
            Some(t) => t,
            None => self.lex.next_token()?,
        };
        Ok(())
    }

    fn peek(&mut self) -> PResult<&Token> {
        if self.ahead.is_none() {
            self.ahead = Some(self.lex.next_token()?);
        }
        Ok(self.ahead.get_or_insert(Token::Eof))
    }

    fn line(&self) -> u32 {
        self.lex.line()
    }

    fn syntax_error(&self, msg: &str) -> SyntaxError {
        self.lex.error_near(msg, &self.tok)
    }

    fn error_expected(&self, tok: &Token) -> SyntaxError {
        self.syntax_error(&format!("{} expected", tok.describe()))
    }

    fn test_next(&mut self, tok: &Token) -> PResult<bool> {
        if self.tok == *tok {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn check_next(&mut self, tok: &Token) -> PResult<()> {
        if self.test_next(tok)? {
            Ok(())
        } else {
            Err(self.error_expected(tok))
        }
    }

    /// Closing token of a construct opened by `who` at `line`.
    fn check_match(&mut self, what: &Token, who: &Token, line: u32) -> PResult<()> {
        if self.test_next(what)? {
            return Ok(());
        }
        if line == self.line() {
            return Err(self.error_expected(what));
        }
        Err(self.syntax_error(&format!(
            "{} expected (to close {} at line {})",
            what.describe(),
            who.describe(),
            line
        )))
    }

    fn check_name(&mut self) -> PResult<Name> {
        match std::mem::replace(&mut self.tok, Token::Eof) {
            Token::Name(name) => {
                self.next()?;
                Ok(name)
            }
            other => {
                self.tok = other;
                Err(self.error_expected(&Token::Name(Box::default())))
            }
        }
    }

    fn enter_level(&mut self) -> PResult<()> {
        self.level += 1;
        if self.level >= MAX_LEVELS {
            return Err(SyntaxError("C stack overflow".into(), None));
        }
        Ok(())
    }

    fn new_local(&mut self) -> PResult<()> {
        if self.fs.nvars >= MAX_LOCALS {
            let place = match self.fs.linedefined {
                0 => "main function".to_string(),
                n => format!("function at line {n}"),
            };
            let msg = format!("too many local variables (limit is {MAX_LOCALS}) in {place}");
            return Err(self.syntax_error(&msg));
        }
        self.fs.nvars += 1;
        Ok(())
    }

    fn block_follows(&self, with_until: bool) -> bool {
        match self.tok {
            Token::Else | Token::Elseif | Token::End | Token::Eof => true,
            Token::Until => with_until,
            _ => false,
        }
    }

    /// A scope: locals and labels declared inside are forgotten at its end.
    fn block(&mut self) -> PResult<Block> {
        let saved = self.fs.nvars;
        self.res.enter_block(false);
        let block = self.statlist()?;
        self.res.leave_block();
        self.fs.nvars = saved;
        Ok(block)
    }

    /// A semantic error: lua5.4 reports it at the current line, without a token.
    fn resolve_error(&self, result: Result<(), String>) -> PResult<()> {
        result.map_err(|msg| self.lex.error(&msg))
    }

    fn statlist(&mut self) -> PResult<Block> {
        let mut stats = Vec::new();
        let mut ret = None;
        while !self.block_follows(true) {
            let result = if self.tok == Token::Return {
                self.retstat().map(|r| ret = Some(r))
            } else {
                self.statement(&mut stats)
            };
            if let Err(e) = result {
                stats.into_iter().for_each(|s| dismantle(Node::Stat(s)));
                return Err(e);
            }
            if ret.is_some() {
                break;
            }
        }
        Ok(Block { stats, ret })
    }

    fn retstat(&mut self) -> PResult<Return> {
        // `return` is a statement level of its own in lua5.4.
        self.enter_level()?;
        self.next()?;
        let exprs = if self.block_follows(true) || self.tok == Token::Char(b';') {
            Vec::new()
        } else {
            self.explist()?
        };
        let line = self.lastline;
        self.test_next(&Token::Char(b';'))?;
        self.level -= 1;
        Ok(Return { exprs, line })
    }

    /// Parses one statement into `out` (labels may pull in the no-op statements after them).
    fn statement(&mut self, out: &mut Vec<Stat>) -> PResult<()> {
        self.enter_level()?;
        let line = self.line();
        let stat = match self.tok {
            Token::Char(b';') => {
                self.next()?;
                None
            }
            Token::If => Some(self.ifstat(line)?),
            Token::While => {
                self.next()?;
                let cond = self.expr()?;
                self.res.enter_block(true);
                self.check_next(&Token::Do)?;
                let body = self.block()?;
                self.check_match(&Token::End, &Token::While, line)?;
                self.res.leave_block();
                Some(Stat::While { cond, body, line })
            }
            Token::Do => {
                self.next()?;
                let body = self.block()?;
                self.check_match(&Token::End, &Token::Do, line)?;
                Some(Stat::Do(body))
            }
            Token::For => Some(self.forstat(line)?),
            Token::Repeat => {
                self.next()?;
                // The condition sees the body's locals, so it belongs to the body's scope,
                // which sits inside the loop's own block.
                let saved = self.fs.nvars;
                self.res.enter_block(true);
                self.res.enter_block(false);
                let body = self.statlist()?;
                self.check_match(&Token::Until, &Token::Repeat, line)?;
                let cond = self.expr()?;
                self.res.leave_block();
                self.res.leave_block();
                self.fs.nvars = saved;
                Some(Stat::Repeat { body, cond, line })
            }
            Token::Function => Some(self.funcstat(line)?),
            Token::Local => {
                self.next()?;
                if self.test_next(&Token::Function)? {
                    let name = self.check_name()?;
                    self.new_local()?;
                    // In scope in its own body, so it can call itself.
                    self.res.activate(&name, Attrib::None);
                    let body = Box::new(self.body(false, self.line())?);
                    Some(Stat::LocalFunction { name, body, line })
                } else {
                    Some(self.localstat(line)?)
                }
            }
            Token::DbColon => {
                self.next()?;
                let name = self.check_name()?;
                self.labelstat(name, line, out)?;
                None
            }
            Token::Break => {
                self.next()?;
                self.res.break_stat(line);
                Some(Stat::Break { line })
            }
            Token::Goto => {
                self.next()?;
                let line = self.line();
                let label = self.check_name()?;
                self.res.goto_stat(label.clone(), line);
                Some(Stat::Goto { label, line })
            }
            _ => Some(self.exprstat()?),
        };
        out.extend(stat);
        self.level -= 1;
        Ok(())
    }

    fn ifstat(&mut self, line: u32) -> PResult<Stat> {
        let mut arms = Vec::new();
        loop {
            self.next()?; // `if` or `elseif`
            let cond = self.expr()?;
            self.check_next(&Token::Then)?;
            let body = self.block()?;
            arms.push((cond, body));
            if self.tok != Token::Elseif {
                break;
            }
        }
        let else_block = if self.test_next(&Token::Else)? {
            Some(self.block()?)
        } else {
            None
        };
        self.check_match(&Token::End, &Token::If, line)?;
        Ok(Stat::If {
            arms,
            else_block,
            line,
        })
    }

    /// `line` is that of `for`; a generic for is attributed to the line after `in`, where
    /// lua5.4 puts its iterator call.
    fn forstat(&mut self, line: u32) -> PResult<Stat> {
        let saved_vars = self.fs.nvars;
        self.res.enter_block(true);
        self.next()?;
        let var = self.check_name()?;
        let stat = match self.tok {
            Token::Char(b'=') => {
                for _ in 0..4 {
                    self.new_local()?; // three control slots and the variable
                }
                self.next()?;
                let start = self.expr()?;
                self.check_next(&Token::Char(b','))?;
                let limit = self.expr()?;
                let step = if self.test_next(&Token::Char(b','))? {
                    Some(self.expr()?)
                } else {
                    None
                };
                self.res.activate_control(3);
                let body = self.forbody(std::slice::from_ref(&var))?;
                Stat::NumericFor {
                    var,
                    start,
                    limit,
                    step,
                    body,
                    line,
                }
            }
            Token::Char(b',') | Token::In => {
                for _ in 0..5 {
                    self.new_local()?; // four control slots and the first name
                }
                let mut names = vec![var];
                while self.test_next(&Token::Char(b','))? {
                    names.push(self.check_name()?);
                    self.new_local()?;
                }
                self.check_next(&Token::In)?;
                let line = self.line();
                let exprs = self.explist()?;
                self.res.activate_control(4);
                let body = self.forbody(&names)?;
                Stat::GenericFor {
                    names,
                    exprs,
                    body,
                    line,
                }
            }
            _ => return Err(self.syntax_error("'=' or 'in' expected")),
        };
        self.check_match(&Token::End, &Token::For, line)?;
        self.res.leave_block();
        self.fs.nvars = saved_vars;
        Ok(stat)
    }

    /// The loop variables are in scope in a block of their own around the body.
    fn forbody(&mut self, vars: &[Name]) -> PResult<Block> {
        self.check_next(&Token::Do)?;
        self.res.enter_block(false);
        for var in vars {
            self.res.activate(var, Attrib::None);
        }
        let body = self.block()?;
        self.res.leave_block();
        Ok(body)
    }

    fn funcstat(&mut self, line: u32) -> PResult<Stat> {
        self.next()?;
        let mut path = vec![self.check_name()?];
        while self.test_next(&Token::Char(b'.'))? {
            path.push(self.check_name()?);
        }
        let method = if self.test_next(&Token::Char(b':'))? {
            Some(self.check_name()?)
        } else {
            None
        };
        let body = Box::new(self.body(method.is_some(), line)?);
        // A plain name is a variable being assigned; lua5.4 checks it after the body.
        if let ([name], None) = (&path[..], &method) {
            let result = self.res.check_assign(name);
            if let Err(e) = self.resolve_error(result) {
                dismantle(Node::Block(body.body));
                return Err(e);
            }
        }
        Ok(Stat::Function {
            path,
            method,
            body,
            line,
        })
    }

    /// Attributed to the line of `local`; lua5.4 puts the statement's own code (nil-filling,
    /// the `<close>` check) on the line where the statement ends, the last expression's end.
    fn localstat(&mut self, line: u32) -> PResult<Stat> {
        let mut names = Vec::new();
        let mut has_close = false;
        loop {
            let name = self.check_name()?;
            self.new_local()?;
            let attrib = self.attribute()?;
            if attrib == Attrib::Close {
                if has_close {
                    return Err(self
                        .lex
                        .error("multiple to-be-closed variables in local list"));
                }
                has_close = true;
            }
            names.push((name, attrib));
            if !self.test_next(&Token::Char(b','))? {
                break;
            }
        }
        let exprs = if self.test_next(&Token::Char(b'='))? {
            self.explist()?
        } else {
            Vec::new()
        };
        // Only now in scope: the expressions still see any outer locals of these names.
        for (name, attrib) in &names {
            self.res.activate(name, *attrib);
        }
        Ok(Stat::Local { names, exprs, line })
    }

    fn attribute(&mut self) -> PResult<Attrib> {
        if !self.test_next(&Token::Char(b'<'))? {
            return Ok(Attrib::None);
        }
        let name = self.check_name()?;
        self.check_next(&Token::Char(b'>'))?;
        match &*name {
            b"const" => Ok(Attrib::Const),
            b"close" => Ok(Attrib::Close),
            other => Err(self.lex.error(&format!(
                "unknown attribute '{}'",
                String::from_utf8_lossy(other)
            ))),
        }
    }

    /// After `::name`. lua5.4 first parses the no-op statements that follow (`;` and further
    /// labels, recursively) and only then checks for a duplicate, which decides which of two
    /// equal labels the message names.
    fn labelstat(&mut self, name: Name, line: u32, out: &mut Vec<Stat>) -> PResult<()> {
        self.check_next(&Token::DbColon)?;
        out.push(Stat::Label {
            name: name.clone(),
            line,
        });
        while matches!(self.tok, Token::Char(b';') | Token::DbColon) {
            self.statement(out)?;
        }
        if let Some(prev) = self.res.find_label(&name) {
            let msg = format!(
                "label '{}' already defined on line {}",
                String::from_utf8_lossy(&name),
                prev
            );
            return Err(self.lex.error(&msg));
        }
        // `until` does not end the scope: the condition still sees the body's locals.
        let last = self.block_follows(false);
        let result = self.res.label_stat(name, line, last);
        self.resolve_error(result)
    }

    fn exprstat(&mut self) -> PResult<Stat> {
        let first = self.suffixedexp()?;
        if matches!(self.tok, Token::Char(b'=' | b',')) {
            let mut targets = vec![first];
            let result = self.assignment(&mut targets);
            return match result {
                Ok((exprs, line)) => Ok(Stat::Assign {
                    targets,
                    exprs,
                    line,
                }),
                Err(e) => {
                    targets.into_iter().for_each(|t| dismantle(Node::Expr(t)));
                    Err(e)
                }
            };
        }
        if matches!(first.kind, ExprKind::Call(..) | ExprKind::MethodCall(..)) {
            Ok(Stat::Call(first))
        } else {
            dismantle(Node::Expr(first));
            Err(self.syntax_error("syntax error"))
        }
    }

    /// The rest of `t1, t2, ... = explist`; the statement is attributed to the line where
    /// its expression list ends, where lua5.4 emits the stores.
    fn assignment(&mut self, targets: &mut Vec<Expr>) -> PResult<(Vec<Expr>, u32)> {
        let base_level = self.level;
        loop {
            match targets.last().map(|t| &t.kind) {
                Some(ExprKind::Name(name)) => self.resolve_error(self.res.check_assign(name))?,
                Some(ExprKind::Index(..)) => {}
                _ => return Err(self.syntax_error("syntax error")),
            }
            if !self.test_next(&Token::Char(b','))? {
                break;
            }
            targets.push(self.suffixedexp()?);
            // lua5.4 recurses once per extra target.
            self.enter_level()?;
        }
        self.check_next(&Token::Char(b'='))?;
        let exprs = self.explist()?;
        self.level = base_level;
        Ok((exprs, self.lastline))
    }

    /// At `(`. `line` becomes the function's `linedefined`. A method gets `self` as its
    /// first parameter.
    fn body(&mut self, is_method: bool, line: u32) -> PResult<FuncBody> {
        let outer = std::mem::replace(
            &mut self.fs,
            FuncState {
                is_vararg: false,
                nvars: 0,
                linedefined: line,
            },
        );
        let mark = self.res.open_function();
        self.check_next(&Token::Char(b'('))?;
        let mut params = Vec::new();
        if is_method {
            params.push(Box::from(&b"self"[..]));
            self.new_local()?;
            self.res.activate(&params[0], Attrib::None);
        }
        if self.tok != Token::Char(b')') {
            loop {
                match self.tok {
                    Token::Name(_) => {
                        let name = self.check_name()?;
                        self.new_local()?;
                        self.res.activate(&name, Attrib::None);
                        params.push(name);
                    }
                    Token::Dots => {
                        self.next()?;
                        self.fs.is_vararg = true;
                    }
                    _ => return Err(self.syntax_error("<name> or '...' expected")),
                }
                if self.fs.is_vararg || !self.test_next(&Token::Char(b','))? {
                    break;
                }
            }
        }
        self.check_next(&Token::Char(b')'))?;
        // The body's statements live in the function's outermost block, with the
        // parameters; pending jumps are judged once `end` has been read.
        let body = self.statlist()?;
        let end_line = self.line();
        let closed = self
            .check_match(&Token::End, &Token::Function, line)
            .and_then(|()| {
                let result = self.res.close_function(mark);
                self.resolve_error(result)
            });
        if let Err(e) = closed {
            dismantle(Node::Block(body));
            return Err(e);
        }
        let is_vararg = self.fs.is_vararg;
        self.fs = outer;
        Ok(FuncBody {
            params,
            is_vararg,
            body,
            line,
            end_line,
        })
    }
}

#[cfg(test)]
mod tests;
