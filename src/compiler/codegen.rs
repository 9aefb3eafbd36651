//! Code generation: syntax tree to Lua 5.4 register bytecode, instruction for instruction
//! what luac5.4 emits (register allocation, constant order, jump shapes, line info), since
//! the VM's error messages decode variable names from these exact patterns.

mod exp;
mod expr;
mod fold;
mod func;
mod lines;
mod ops;
mod scope;
mod stat;
mod tokens;

use super::ast::Block;
use super::SyntaxError;
use crate::opcode::OpCode;
use crate::proto::{chunk_id, Proto, UpvalDesc};
use exp::{ExpDesc, ExpKind};
use func::{FuncState, VarKind};
use std::rc::Rc;
use tokens::{Tok, TokenLines};

/// A compile error before it is given its chunk name.
#[derive(Debug)]
struct Failure {
    line: u32,
    msg: String,
    /// luac appends the lookahead token to this kind of message.
    near: bool,
}

impl Failure {
    fn new(line: u32, msg: impl Into<String>) -> Self {
        Failure {
            line,
            msg: msg.into(),
            near: false,
        }
    }

    fn near(mut self) -> Self {
        self.near = true;
        self
    }
}

type R<T> = Result<T, Failure>;

/// Compile a parsed chunk into the main function's prototype. Without the source, the
/// lines of closing tokens (`end`, `}`, `)` ...) are estimated, so some line info may
/// differ from luac's; [`generate_for_source`] has them exact.
pub fn generate(chunk: &Block, chunkname: &str) -> Result<Proto, SyntaxError> {
    generate_with(chunk, chunkname.as_bytes(), None)
}

/// Compile `chunk`, which was parsed from `source` (with `file_prefix` as given to the
/// parser): line info is then exactly luac's.
pub fn generate_for_source(
    chunk: &Block,
    source: &[u8],
    chunkname: &[u8],
    file_prefix: bool,
) -> Result<Proto, SyntaxError> {
    generate_with(
        chunk,
        chunkname,
        TokenLines::scan(source, chunkname, file_prefix),
    )
}

fn generate_with(
    chunk: &Block,
    chunkname: &[u8],
    toks: Option<TokenLines>,
) -> Result<Proto, SyntaxError> {
    let source: Rc<[u8]> = Rc::from(chunkname);
    let mut c = Compiler {
        source: source.clone(),
        kcache: Default::default(),
        funcs: Vec::new(),
        near: None,
        follow: 0,
        stat_end: 0,
        toks,
    };
    c.main(chunk).map_err(|f| {
        let mut msg = format!("{}:{}: {}", chunk_id(chunkname), f.line, f.msg);
        if f.near {
            if let Some(tok) = &c.near {
                msg.push_str(&format!(" near '{tok}'"));
            }
        }
        SyntaxError(msg, None)
    })
}

pub(super) struct Compiler {
    source: Rc<[u8]>,
    kcache: func::ConstCache,
    /// Enclosing functions, innermost last.
    funcs: Vec<FuncState>,
    /// Best guess of the lookahead token, for the few errors luac reports `near` one.
    near: Option<String>,
    /// Line of the token after the statement being compiled, and of its last token.
    follow: u32,
    stat_end: u32,
    /// Closing-token lines from the source, when it is known.
    toks: Option<TokenLines>,
}

impl Compiler {
    fn fs(&mut self) -> &mut FuncState {
        self.funcs.last_mut().expect("inside a function")
    }

    fn fs_ref(&self) -> &FuncState {
        self.funcs.last().expect("inside a function")
    }

    /// The parser has just consumed a token on `line`.
    fn at(&mut self, line: u32) {
        self.fs().line = line;
    }

    /// Whether closing-token lines come from the source (else they are estimated).
    fn exact(&self) -> bool {
        self.toks.is_some()
    }

    /// Pass the next token of kind `t` in the source; its line, if the source is known.
    fn token(&mut self, t: Tok) -> Option<u32> {
        self.toks.as_mut()?.take(t)
    }

    /// The parser consumed a closing token: stamp its line, or `estimate` without source.
    fn close(&mut self, t: Tok, estimate: impl FnOnce() -> u32) {
        let line = self.token(t).unwrap_or_else(estimate);
        self.at(line);
    }

    fn open_function(&mut self, line_defined: u32) {
        let line = self.funcs.last().map_or(1, |f| f.line);
        let p = Proto {
            source: self.source.clone(),
            line_defined,
            max_stack: 2,
            ..Proto::default()
        };
        let mut fs = FuncState::new(p, line, self.kcache.clone());
        fs.enter_block(false);
        self.funcs.push(fs);
    }

    /// Final return, scope exit and fix-ups; hands back the finished prototype.
    fn close_function(&mut self, follow: u32) -> R<Proto> {
        let fs = self.fs();
        let level = fs.nvarstack();
        fs.ret(level, 0);
        let end = fs.line;
        fs.line = follow;
        fs.leave_block()?;
        fs.line = end;
        fs.finish()?;
        let fs = self.funcs.pop().expect("open function");
        if let Some(parent) = self.funcs.last_mut() {
            parent.line = fs.line;
        }
        Ok(fs.p)
    }

    fn main(&mut self, chunk: &Block) -> R<Proto> {
        self.open_function(0);
        let fs = self.fs();
        fs.p.is_vararg = true;
        fs.abc(OpCode::VarArgPrep, 0, 0, 0);
        fs.p.upvalues.push(UpvalDesc {
            name: "_ENV".into(),
            in_stack: true,
            index: 0,
        });
        fs.upval_kinds.push(VarKind::Regular);
        let last = lines::block_last(chunk);
        let eof = match &self.toks {
            Some(t) => t.eof_line,
            None => last.unwrap_or(1),
        };
        self.statlist(chunk, false, eof)?;
        if let (Some(l), false) = (last, self.exact()) {
            self.at(l);
        }
        self.close_function(eof)
    }

    // ---- variables --------------------------------------------------------------------

    /// Resolve `name` in function `level` (and outward): a local, an upvalue (created on
    /// the way in as needed), a compile-time constant, or None for a global.
    fn resolve(&mut self, level: usize, name: &[u8], base: bool) -> R<Option<ExpKind>> {
        let fs = &mut self.funcs[level];
        if let Some(k) = fs.search_var(name) {
            if let ExpKind::Local { vidx, .. } = k {
                if !base {
                    fs.mark_upval(vidx);
                }
            }
            return Ok(Some(k));
        }
        if let Some(idx) = fs.search_upvalue(name) {
            return Ok(Some(ExpKind::Upval(idx)));
        }
        if level == 0 {
            return Ok(None);
        }
        let outer = self.resolve(level - 1, name, false)?;
        let (in_stack, index, kind) = match &outer {
            Some(ExpKind::Local { ridx, vidx }) => {
                (true, *ridx, self.funcs[level - 1].actvar[*vidx].kind)
            }
            Some(ExpKind::Upval(i)) => (false, *i, self.funcs[level - 1].upval_kinds[*i as usize]),
            _ => return Ok(outer),
        };
        let fs = &mut self.funcs[level];
        if fs.p.upvalues.len() + 1 > crate::opcode::MAX_A as usize {
            return Err(fs.limit_error(crate::opcode::MAX_A as usize, "upvalues"));
        }
        fs.p.upvalues.push(UpvalDesc {
            name: scope::show(name).into(),
            in_stack,
            index: index as u8,
        });
        fs.upval_kinds.push(kind);
        Ok(Some(ExpKind::Upval(fs.p.upvalues.len() as u32 - 1)))
    }

    fn single_var(&mut self, name: &[u8]) -> R<ExpDesc> {
        let level = self.funcs.len() - 1;
        if let Some(k) = self.resolve(level, name, true)? {
            return Ok(ExpDesc::new(k));
        }
        let env = self
            .resolve(level, b"_ENV", true)?
            .expect("_ENV is always visible");
        let mut var = ExpDesc::new(env);
        self.fs().exp_to_any_reg_up(&mut var)?;
        let mut key = ExpDesc::new(ExpKind::KStr(name.into()));
        self.fs().indexed(&mut var, &mut key)?;
        Ok(var)
    }

    /// Assignment to a `<const>` or `<close>` variable is a compile error.
    fn check_readonly(&self, e: &ExpDesc) -> R<()> {
        let fs = self.fs_ref();
        let name = match &e.k {
            ExpKind::Const(c) => Some(scope::show(&c.1)),
            ExpKind::Local { vidx, .. } => {
                let v = &fs.actvar[*vidx];
                (v.kind != VarKind::Regular).then(|| scope::show(&v.name))
            }
            ExpKind::Upval(u) => (fs.upval_kinds[*u as usize] != VarKind::Regular)
                .then(|| fs.p.upvalues[*u as usize].name.to_string()),
            _ => None,
        };
        match name {
            Some(n) => Err(fs.fail(format!("attempt to assign to const variable '{n}'"))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
