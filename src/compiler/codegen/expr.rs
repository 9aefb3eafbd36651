//! Expressions, walked in the order lua5.4's parser reads them so that every instruction
//! is emitted at the same moment (hence with the same register and line) as in luac.

use super::exp::{ExpDesc, ExpKind};
use super::{lines, Compiler, Tok, R};
use crate::compiler::ast::{Expr, ExprKind, Field, FuncBody};
use crate::opcode::{Instruction, OpCode, FIELDS_PER_FLUSH};

impl Compiler {
    pub(super) fn expr(&mut self, e: &Expr) -> R<ExpDesc> {
        match &e.kind {
            ExprKind::Binary(..) => self.binary_chain(e),
            ExprKind::Index(..) | ExprKind::Call(..) | ExprKind::MethodCall(..) => {
                self.suffixed_chain(e)
            }
            _ => self.simple(e),
        }
    }

    /// `a op b op c ...`: left operands nest as deep as the chain is long, so the left
    /// spine is walked with a loop, in the order the parser meets the operators.
    fn binary_chain(&mut self, e: &Expr) -> R<ExpDesc> {
        let mut spine = Vec::new();
        let mut leftmost = e;
        while let ExprKind::Binary(_, l, _) = &leftmost.kind {
            spine.push(leftmost);
            leftmost = l;
        }
        let mut v = self.expr(leftmost)?;
        for node in spine.iter().rev() {
            let ExprKind::Binary(op, _, r) = &node.kind else {
                unreachable!()
            };
            self.at(node.line);
            self.fs().infix(*op, &mut v)?;
            let v2 = self.expr(r)?;
            self.fs().posfix(*op, &mut v, v2, node.line)?;
        }
        Ok(v)
    }

    /// `p.k[x](args):m(args)...`, also looped over its (left-nested) spine.
    fn suffixed_chain(&mut self, e: &Expr) -> R<ExpDesc> {
        let mut spine = Vec::new();
        let mut primary = e;
        while let ExprKind::Index(o, _) | ExprKind::Call(o, _) | ExprKind::MethodCall(o, _, _) =
            &primary.kind
        {
            spine.push(primary);
            primary = o;
        }
        let mut v = self.simple(primary)?;
        for node in spine.iter().rev() {
            match &node.kind {
                ExprKind::Index(_, key) => {
                    self.fs().exp_to_any_reg_up(&mut v)?;
                    let mut k = self.expr(key)?;
                    self.fs().exp_to_val(&mut k)?;
                    self.at(node.line);
                    self.fs().indexed(&mut v, &mut k)?;
                }
                ExprKind::Call(_, args) => {
                    self.fs().exp_to_next_reg(&mut v)?;
                    self.funcargs(&mut v, args, node)?;
                }
                ExprKind::MethodCall(_, name, args) => {
                    if let Some(line) = self.token(Tok::Colon) {
                        self.at(line);
                    }
                    let mut key = ExpDesc::new(ExpKind::KStr(name.clone()));
                    self.fs().code_self(&mut v, &mut key)?;
                    self.funcargs(&mut v, args, node)?;
                }
                _ => unreachable!("suffix"),
            }
        }
        Ok(v)
    }

    fn simple(&mut self, e: &Expr) -> R<ExpDesc> {
        let k = match &e.kind {
            ExprKind::Nil => ExpKind::Nil,
            ExprKind::True => ExpKind::True,
            ExprKind::False => ExpKind::False,
            ExprKind::Int(i) => ExpKind::KInt(*i),
            ExprKind::Float(f) => ExpKind::KFlt(*f),
            ExprKind::Str(s) => ExpKind::KStr(s.clone()),
            ExprKind::Vararg => {
                // Emitted while `...` is still the lookahead.
                let pc = self.fs().abc(OpCode::VarArg, 0, 0, 1);
                ExpKind::Vararg(pc)
            }
            ExprKind::Function(body) => return self.function(body),
            ExprKind::Table(fields) => return self.constructor(fields, e),
            ExprKind::Unary(op, x) => {
                self.at(e.line);
                let mut v = self.expr(x)?;
                self.fs().prefix(*op, &mut v, e.line)?;
                return Ok(v);
            }
            ExprKind::Name(n) => {
                self.at(e.line);
                return self.single_var(n);
            }
            ExprKind::Paren(x) => {
                if let Some(line) = self.token(Tok::LParen) {
                    self.at(line);
                }
                let mut v = self.expr(x)?;
                self.close(Tok::RParen, || lines::last(e));
                self.fs().discharge_vars(&mut v);
                return Ok(v);
            }
            ExprKind::Binary(..)
            | ExprKind::Index(..)
            | ExprKind::Call(..)
            | ExprKind::MethodCall(..) => return self.expr(e),
        };
        self.at(e.line);
        Ok(ExpDesc::new(k))
    }

    /// Compile a list; all but the last value go to consecutive registers. Returns the
    /// count and the last expression, still open (a call may yet give several values).
    pub(super) fn explist(&mut self, es: &[Expr]) -> R<(usize, ExpDesc)> {
        let mut v = ExpDesc::new(ExpKind::Void);
        for (i, e) in es.iter().enumerate() {
            if i > 0 {
                // The previous value is stored while this one's first token is current.
                self.near = lines::first_token(e);
                self.fs().exp_to_next_reg(&mut v)?;
            }
            v = self.expr(e)?;
        }
        Ok((es.len(), v))
    }

    /// Arguments and CALL for the function value `f`, which sits in the next register.
    fn funcargs(&mut self, f: &mut ExpDesc, args: &[Expr], call: &Expr) -> R<()> {
        let parens = self.toks.as_ref().map(|t| t.call_has_parens(args));
        if parens == Some(true) {
            if let Some(line) = self.token(Tok::LParen) {
                self.at(line);
            }
        }
        let (_, mut a) = self.explist(args)?;
        if a.is_multret() {
            self.fs().set_multret(&mut a)?;
        }
        match parens {
            Some(true) => self.close(Tok::RParen, || lines::last(call)),
            // `f"s"` and `f{...}` end with their argument.
            Some(false) => {}
            None => self.at(lines::last(call)),
        }
        let fs = self.fs();
        let ExpKind::NonReloc(base) = f.k else {
            unreachable!("called value is in a register")
        };
        let nparams = if a.is_multret() {
            -1
        } else {
            if a.k != ExpKind::Void {
                fs.exp_to_next_reg(&mut a)?;
            }
            (fs.free_reg - (base + 1)) as i32
        };
        let pc = fs.abc(OpCode::Call, base, (nparams + 1) as u32, 2);
        fs.fix_line(call.line);
        fs.free_reg = base + 1;
        f.k = ExpKind::Call(pc);
        Ok(())
    }

    fn constructor(&mut self, fields: &[Field], e: &Expr) -> R<ExpDesc> {
        let fs = self.fs();
        let pc = fs.abc(OpCode::NewTable, 0, 0, 0);
        fs.code(Instruction::ax_(OpCode::ExtraArg, 0));
        let treg = fs.free_reg;
        fs.reserve_regs(1)?;
        self.token(Tok::LBrace);
        self.at(e.line);
        let t = ExpDesc::new(ExpKind::NonReloc(treg));
        let (mut na, mut nh, mut tostore) = (0u32, 0u32, 0u32);
        let mut pending: Option<ExpDesc> = None;
        for field in fields {
            if let Some(mut v) = pending.take() {
                let fs = self.fs();
                fs.exp_to_next_reg(&mut v)?;
                if tostore == FIELDS_PER_FLUSH {
                    fs.set_list(treg, na, tostore as i32)?;
                    na += tostore;
                    tostore = 0;
                }
            }
            match field {
                Field::Positional(v) => {
                    pending = Some(self.expr(v)?);
                    tostore += 1;
                }
                Field::Keyed(k, v) => {
                    let reg = self.fs().free_reg;
                    let mut key = self.expr(k)?;
                    self.fs().exp_to_val(&mut key)?;
                    nh += 1;
                    let mut tab = t.clone();
                    self.fs().indexed(&mut tab, &mut key)?;
                    let mut val = self.expr(v)?;
                    self.fs().store_var(&tab, &mut val)?;
                    self.fs().free_reg = reg;
                }
            }
        }
        self.close(Tok::RBrace, || lines::last(e));
        let fs = self.fs();
        if tostore > 0 {
            match pending {
                Some(mut v) if v.is_multret() => {
                    fs.set_multret(&mut v)?;
                    fs.set_list(treg, na, -1)?;
                    // The open last item is not counted in the array size.
                    na += tostore - 1;
                }
                other => {
                    if let Some(mut v) = other {
                        fs.exp_to_next_reg(&mut v)?;
                    }
                    fs.set_list(treg, na, tostore as i32)?;
                    na += tostore;
                }
            }
        }
        fs.set_table_size(pc, treg, na, nh);
        Ok(t)
    }

    /// A function body; its closure lands in the next register of the enclosing function.
    pub(super) fn function(&mut self, body: &FuncBody) -> R<ExpDesc> {
        self.open_function(body.line);
        self.at(body.line);
        self.token(Tok::LParen);
        if let Some(line) = self.token(Tok::RParen) {
            // VARARGPREP follows `...`, the last thing in the parameter list.
            self.at(line);
        }
        let fs = self.fs();
        for p in &body.params {
            fs.new_localvar(p.clone())?;
        }
        fs.adjust_localvars(body.params.len());
        fs.p.num_params = fs.nactvar as u8;
        if body.is_vararg {
            fs.p.is_vararg = true;
            let n = fs.nactvar as u32;
            fs.abc(OpCode::VarArgPrep, n, 0, 0);
        }
        let n = fs.nactvar as u32;
        fs.reserve_regs(n)?;
        self.statlist(&body.body, false, body.end_line)?;
        self.fs().p.last_line_defined = body.end_line;
        self.token(Tok::End);
        self.at(body.end_line);
        // luac reports unresolved gotos with the token after `end` as the current one.
        let follow = if body.end_line >= self.stat_end {
            self.follow
        } else {
            body.end_line
        };
        let proto = self.close_function(follow)?;
        let fs = self.fs();
        let idx = fs.p.protos.len() as u32;
        fs.p.protos.push(proto);
        let mut v = ExpDesc::new(ExpKind::Reloc(fs.abx(OpCode::Closure, 0, idx)));
        fs.exp_to_next_reg(&mut v)?;
        Ok(v)
    }
}
