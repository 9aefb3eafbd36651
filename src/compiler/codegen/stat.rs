//! Statements, with lua5.4's control-flow shapes: loops, `if` (including the direct
//! conditional jump for `if c then break`), multiple assignment with its conflict copies,
//! locals with attributes, gotos and labels.

use super::exp::{ExpDesc, ExpKind};
use super::func::{JumpList, VarKind};
use super::scope::BREAK;
use super::{lines, Compiler, Tok, R};
use crate::compiler::ast::{Attrib, Block, Expr, FuncBody, Name, Return, Stat};
use crate::opcode::{Instruction, OpCode, MAX_BX};

impl Compiler {
    /// The statements of a block, in the block's current scope. `in_repeat`: the block is
    /// a repeat body, whose `until` does not end it for label purposes. `close`: line of
    /// the token that ends the block.
    pub(super) fn statlist(&mut self, b: &Block, in_repeat: bool, close: u32) -> R<()> {
        self.stats(&b.stats, b.ret.as_ref(), in_repeat, close)
    }

    fn stats(
        &mut self,
        stats: &[Stat],
        ret: Option<&Return>,
        in_repeat: bool,
        close: u32,
    ) -> R<()> {
        let saved = (self.follow, self.stat_end);
        let mut i = 0;
        while i < stats.len() {
            if let Stat::Label { .. } = stats[i] {
                // luac reads the labels that follow a label before declaring it.
                let j = i + stats[i..]
                    .iter()
                    .take_while(|s| matches!(s, Stat::Label { .. }))
                    .count();
                let last = j == stats.len() && ret.is_none() && !in_repeat;
                let after = stats
                    .get(j)
                    .map(lines::stat_first)
                    .filter(|&l| l > 0)
                    .or(ret.map(|r| r.line))
                    .unwrap_or(close);
                for s in stats[i..j].iter().rev() {
                    let Stat::Label { name, line } = s else {
                        unreachable!()
                    };
                    self.at(*line);
                    self.fs()
                        .create_label(name.clone(), *line, last)
                        .map_err(|mut f| {
                            f.line = after;
                            f
                        })?;
                }
                i = j;
                continue;
            }
            self.follow = stats
                .get(i + 1)
                .map(lines::stat_first)
                .filter(|&l| l > 0)
                .or(ret.map(|r| r.line))
                .unwrap_or(close);
            self.stat_end = lines::stat_last(&stats[i]);
            self.statement(&stats[i])?;
            i += 1;
        }
        if let Some(r) = ret {
            self.follow = close;
            self.stat_end = r.line;
            self.ret_stat(r)?;
            let fs = self.fs();
            fs.free_reg = fs.nvarstack();
        }
        (self.follow, self.stat_end) = saved;
        Ok(())
    }

    /// A nested scope (`do` block, loop or branch body) ended by a token on line `close`.
    fn block(&mut self, b: &Block, close: u32) -> R<()> {
        self.fs().enter_block(false);
        self.statlist(b, false, close)?;
        self.estimate_block_last(b);
        self.fs().leave_block()
    }

    /// Without the source, the line of a block's last token is estimated; with it, the
    /// statements have left the line there already.
    fn estimate_block_last(&mut self, b: &Block) {
        if !self.exact() {
            if let Some(l) = lines::block_last(b) {
                self.at(l);
            }
        }
    }

    fn statement(&mut self, s: &Stat) -> R<()> {
        self.near = None;
        match s {
            Stat::Call(e) => {
                let v = self.expr(e)?;
                let ExpKind::Call(pc) = v.k else {
                    return Err(self.fs_ref().fail("syntax error"));
                };
                let fs = self.fs();
                let i = fs.inst(pc).with_c(1);
                fs.set_inst(pc, i);
            }
            Stat::Local { names, exprs, line } => self.local_stat(names, exprs, *line)?,
            Stat::Assign { targets, exprs, .. } => self.assign(targets, exprs)?,
            Stat::Do(b) => {
                if let Some(line) = self.token(Tok::Do) {
                    self.at(line);
                }
                // 0: an empty block without the source, whose lines are unknown.
                let end = lines::stat_last(s);
                self.block(b, end)?;
                match self.token(Tok::End) {
                    Some(line) => self.at(line),
                    None if end > 0 => self.at(end),
                    None => {}
                }
            }
            Stat::While { cond, body, line } => self.while_stat(cond, body, *line)?,
            Stat::Repeat { body, cond, line } => self.repeat_stat(body, cond, *line)?,
            Stat::If {
                arms,
                else_block,
                line,
            } => self.if_stat(arms, else_block.as_ref(), *line)?,
            Stat::NumericFor {
                var,
                start,
                limit,
                step,
                body,
                line,
            } => self.for_num(var, start, limit, step.as_ref(), body, *line)?,
            Stat::GenericFor {
                names,
                exprs,
                body,
                line,
            } => self.for_list(names, exprs, body, *line)?,
            Stat::Function {
                path,
                method,
                body,
                line,
            } => self.func_stat(path, method.as_ref(), body, *line)?,
            Stat::LocalFunction { name, body, line } => self.local_func(name, body, *line)?,
            Stat::Break { line } => {
                self.at(*line);
                let fs = self.fs();
                let j = fs.jump();
                fs.new_goto(BREAK.into(), *line, Some(j));
            }
            Stat::Goto { label, line } => self.goto_stat(label, *line)?,
            Stat::Label { .. } => unreachable!("labels are handled by the statement list"),
        }
        let last = lines::stat_last(s);
        if last > 0 && !self.exact() {
            self.at(last);
        }
        let fs = self.fs();
        fs.free_reg = fs.nvarstack();
        Ok(())
    }

    fn local_stat(&mut self, names: &[(Name, Attrib)], exprs: &[Expr], line: u32) -> R<()> {
        self.at(line);
        let fs = self.fs();
        let base = fs.nactvar;
        let mut toclose = None;
        let mut vidx = 0;
        for (i, (name, attr)) in names.iter().enumerate() {
            vidx = fs.new_localvar(name.clone())?;
            fs.actvar[vidx].kind = match attr {
                Attrib::None => VarKind::Regular,
                Attrib::Const => VarKind::ReadOnly,
                Attrib::Close => {
                    toclose = Some(base + i);
                    VarKind::ToClose
                }
            };
        }
        let (nexps, mut e) = self.explist(exprs)?;
        let nvars = names.len();
        let fs = self.fs();
        let constant = if nvars == nexps && fs.actvar[vidx].kind == VarKind::ReadOnly {
            e.as_constant()
        } else {
            None
        };
        if let Some(value) = constant {
            let var = &mut fs.actvar[vidx];
            var.kind = VarKind::CompileTime;
            var.value = Some(value);
            fs.adjust_localvars(nvars - 1);
            fs.nactvar += 1;
        } else {
            self.adjust_assign(nvars, nexps, &mut e)?;
            self.fs().adjust_localvars(nvars);
        }
        if let Some(level) = toclose {
            let fs = self.fs();
            fs.mark_to_be_closed();
            let reg = fs.reg_level(level);
            fs.abc(OpCode::Tbc, reg, 0, 0);
        }
        Ok(())
    }

    /// Make `nexps` values (the last one `e`, still open) fill exactly `nvars` registers.
    fn adjust_assign(&mut self, nvars: usize, nexps: usize, e: &mut ExpDesc) -> R<()> {
        let fs = self.fs();
        let needed = nvars as i32 - nexps as i32;
        if e.is_multret() {
            fs.set_returns(e, (needed + 1).max(0))?;
        } else {
            if e.k != ExpKind::Void {
                fs.exp_to_next_reg(e)?;
            }
            if needed > 0 {
                let r = fs.free_reg;
                fs.load_nil(r, needed as u32);
            }
        }
        if needed > 0 {
            fs.reserve_regs(needed as u32)?;
        } else {
            fs.free_reg = (fs.free_reg as i32 + needed) as u32;
        }
        Ok(())
    }

    fn assign(&mut self, targets: &[Expr], exprs: &[Expr]) -> R<()> {
        let mut lhs: Vec<ExpDesc> = Vec::with_capacity(targets.len());
        for t in targets {
            let v = self.expr(t)?;
            if !(v.is_indexed()
                || matches!(
                    v.k,
                    ExpKind::Local { .. } | ExpKind::Upval(_) | ExpKind::Const(_)
                ))
            {
                return Err(self.fs_ref().fail("syntax error"));
            }
            if !lhs.is_empty() && !v.is_indexed() {
                self.check_conflict(&mut lhs, &v)?;
            }
            self.check_readonly(&v)?;
            lhs.push(v);
        }
        let (nexps, mut e) = self.explist(exprs)?;
        let fs = self.fs();
        let mut rest = &lhs[..];
        if nexps != lhs.len() {
            self.adjust_assign(lhs.len(), nexps, &mut e)?;
        } else {
            fs.set_one_ret(&mut e);
            let (last, others) = lhs.split_last().expect("a target");
            fs.store_var(last, &mut e)?;
            rest = others;
        }
        // Remaining values sit on the stack top, last target's value highest.
        for v in rest.iter().rev() {
            let fs = self.fs();
            let mut e = ExpDesc::new(ExpKind::NonReloc(fs.free_reg - 1));
            fs.store_var(v, &mut e)?;
        }
        Ok(())
    }

    /// In `a[i], a = ...` the table (or key) of an earlier target is the local being
    /// assigned now: earlier stores must use a copy taken before any assignment.
    fn check_conflict(&mut self, lhs: &mut [ExpDesc], v: &ExpDesc) -> R<()> {
        let fs = self.fs();
        let extra = fs.free_reg;
        let mut conflict = false;
        for lh in lhs.iter_mut() {
            match &mut lh.k {
                ExpKind::IndexUp { t, idx } if v.k == ExpKind::Upval(*t) => {
                    conflict = true;
                    lh.k = ExpKind::IndexStr {
                        t: extra,
                        idx: *idx,
                    };
                }
                ExpKind::Indexed { t, idx } => {
                    if let ExpKind::Local { ridx, .. } = v.k {
                        if *t == ridx {
                            conflict = true;
                            *t = extra;
                        }
                        if *idx == ridx {
                            conflict = true;
                            *idx = extra;
                        }
                    }
                }
                ExpKind::IndexInt { t, .. } | ExpKind::IndexStr { t, .. } => {
                    if matches!(v.k, ExpKind::Local { ridx, .. } if ridx == *t) {
                        conflict = true;
                        *t = extra;
                    }
                }
                _ => {}
            }
        }
        if conflict {
            match v.k {
                ExpKind::Local { ridx, .. } => fs.abc(OpCode::Move, extra, ridx, 0),
                ExpKind::Upval(u) => fs.abc(OpCode::GetUpval, extra, u, 0),
                _ => unreachable!("conflicts come from locals and upvalues"),
            };
            fs.reserve_regs(1)?;
        }
        Ok(())
    }

    /// A loop or branch condition: falls through when true; returns the exits on false.
    fn cond(&mut self, e: &Expr) -> R<JumpList> {
        let mut v = self.expr(e)?;
        if v.k == ExpKind::Nil {
            v.k = ExpKind::False;
        }
        self.fs().go_if_true(&mut v)?;
        Ok(v.f)
    }

    fn while_stat(&mut self, cond: &Expr, body: &Block, line: u32) -> R<()> {
        self.at(line);
        let init = self.fs().get_label();
        let exit = self.cond(cond)?;
        self.fs().enter_block(true);
        if let Some(line) = self.token(Tok::Do) {
            self.at(line);
        }
        let end = lines::block_end(body, lines::last(cond));
        self.block(body, end)?;
        self.fs().jump_to(init)?;
        self.close(Tok::End, || end);
        let fs = self.fs();
        fs.leave_block()?;
        fs.patch_to_here(exit)
    }

    fn repeat_stat(&mut self, body: &Block, cond: &Expr, line: u32) -> R<()> {
        self.at(line);
        let fs = self.fs();
        let init = fs.get_label();
        fs.enter_block(true);
        fs.enter_block(false);
        let until = lines::first(cond);
        self.statlist(body, true, until)?;
        self.close(Tok::Until, || until);
        let mut exit = self.cond(cond)?;
        let fs = self.fs();
        let scope = fs.blocks.last().cloned().expect("repeat scope");
        fs.leave_block()?;
        if scope.upval {
            // Looping back must close the body's captured locals too.
            let normal = fs.jump();
            fs.patch_to_here(exit)?;
            let level = fs.reg_level(scope.nactvar);
            fs.abc(OpCode::Close, level, 0, 0);
            exit = Some(fs.jump());
            fs.patch_to_here(Some(normal))?;
        }
        fs.patch_list(exit, init)?;
        fs.leave_block()
    }

    fn if_stat(&mut self, arms: &[(Expr, Block)], else_block: Option<&Block>, line: u32) -> R<()> {
        self.at(line);
        let mut escape = None;
        let closings = lines::if_closings(arms, else_block);
        for (i, (cond, body)) in arms.iter().enumerate() {
            let more = i + 1 < arms.len() || else_block.is_some();
            // `if` or `elseif` has just been read.
            if i == 0 {
                self.at(line);
            } else {
                self.close(Tok::Elseif, || closings[i - 1]);
            }
            self.test_then_block(&mut escape, cond, body, more, closings[i])?;
        }
        let end = *closings.last().expect("an if has an arm");
        if let Some(b) = else_block {
            let before = closings[closings.len() - 2];
            self.close(Tok::Else, || before);
            self.block(b, end)?;
        }
        self.close(Tok::End, || end);
        self.fs().patch_to_here(escape)
    }

    fn test_then_block(
        &mut self,
        escape: &mut JumpList,
        cond: &Expr,
        body: &Block,
        more: bool,
        close: u32,
    ) -> R<()> {
        let mut v = self.expr(cond)?;
        let jf;
        let rest;
        if let Some(Stat::Break { line }) = body.stats.first() {
            // `if c then break`: jump out directly when c is true.
            let fs = self.fs();
            fs.go_if_false(&mut v)?;
            self.at(*line);
            let fs = self.fs();
            fs.enter_block(false);
            fs.new_goto(BREAK.into(), *line, v.t);
            if body.stats.len() == 1 && body.ret.is_none() {
                return fs.leave_block();
            }
            jf = Some(fs.jump());
            rest = &body.stats[1..];
        } else {
            let fs = self.fs();
            fs.go_if_true(&mut v)?;
            fs.enter_block(false);
            jf = v.f;
            rest = &body.stats[..];
        }
        self.stats(rest, body.ret.as_ref(), false, close)?;
        self.estimate_block_last(body);
        let fs = self.fs();
        fs.leave_block()?;
        if more {
            let j = fs.jump();
            fs.concat(escape, Some(j))?;
        }
        fs.patch_to_here(jf)
    }

    fn for_num(
        &mut self,
        var: &Name,
        start: &Expr,
        limit: &Expr,
        step: Option<&Expr>,
        body: &Block,
        line: u32,
    ) -> R<()> {
        self.fs().enter_block(true);
        self.at(line);
        let fs = self.fs();
        let base = fs.free_reg;
        for _ in 0..3 {
            fs.new_localvar(b"(for state)".as_slice().into())?;
        }
        fs.new_localvar(var.clone())?;
        for e in [Some(start), Some(limit), step].into_iter().flatten() {
            let mut v = self.expr(e)?;
            self.fs().exp_to_next_reg(&mut v)?;
        }
        let fs = self.fs();
        if step.is_none() {
            let r = fs.free_reg;
            fs.load_int(r, 1);
            fs.reserve_regs(1)?;
        }
        fs.adjust_localvars(3);
        let end = lines::block_end(body, lines::last(step.unwrap_or(limit)));
        self.for_body(base, line, 1, false, body, end)?;
        self.close(Tok::End, || end);
        self.fs().leave_block()
    }

    fn for_list(&mut self, names: &[Name], exprs: &[Expr], body: &Block, line: u32) -> R<()> {
        self.fs().enter_block(true);
        self.at(line);
        let fs = self.fs();
        let base = fs.free_reg;
        for _ in 0..4 {
            fs.new_localvar(b"(for state)".as_slice().into())?;
        }
        for n in names {
            fs.new_localvar(n.clone())?;
        }
        let (nexps, mut e) = self.explist(exprs)?;
        self.adjust_assign(4, nexps, &mut e)?;
        let fs = self.fs();
        fs.adjust_localvars(4);
        fs.mark_to_be_closed();
        fs.check_stack(3)?;
        let end = lines::block_end(body, exprs.last().map_or(line, lines::last));
        self.for_body(base, line, names.len(), true, body, end)?;
        self.close(Tok::End, || end);
        self.fs().leave_block()
    }

    fn for_body(
        &mut self,
        base: u32,
        line: u32,
        nvars: usize,
        generic: bool,
        body: &Block,
        close: u32,
    ) -> R<()> {
        let prep_op = if generic {
            OpCode::TForPrep
        } else {
            OpCode::ForPrep
        };
        if let Some(line) = self.token(Tok::Do) {
            self.at(line);
        }
        let fs = self.fs();
        let prep = fs.abx(prep_op, base, 0);
        fs.enter_block(false);
        fs.adjust_localvars(nvars);
        fs.reserve_regs(nvars as u32)?;
        self.block(body, close)?;
        let fs = self.fs();
        fs.leave_block()?;
        let here = fs.get_label();
        self.fix_for_jump(prep, here, false)?;
        let fs = self.fs();
        if generic {
            fs.abc(OpCode::TForCall, base, 0, nvars as u32);
            fs.fix_line(line);
        }
        let loop_op = if generic {
            OpCode::TForLoop
        } else {
            OpCode::ForLoop
        };
        let end = fs.abx(loop_op, base, 0);
        self.fix_for_jump(end, prep + 1, true)?;
        self.fs().fix_line(line);
        Ok(())
    }

    fn fix_for_jump(&mut self, pc: usize, dest: usize, back: bool) -> R<()> {
        let fs = self.fs();
        let offset = if back {
            pc as i64 + 1 - dest as i64
        } else {
            dest as i64 - (pc as i64 + 1)
        };
        if offset > MAX_BX as i64 {
            return Err(fs.fail("control structure too long").near());
        }
        let i = fs.inst(pc).with_bx(offset as u32);
        fs.set_inst(pc, i);
        Ok(())
    }

    fn func_stat(
        &mut self,
        path: &[Name],
        method: Option<&Name>,
        body: &FuncBody,
        line: u32,
    ) -> R<()> {
        self.at(line);
        let mut v = self.single_var(&path[0])?;
        if method.is_some() {
            self.token(Tok::Colon);
        }
        for name in path[1..].iter().chain(method) {
            let fs = self.fs();
            fs.exp_to_any_reg_up(&mut v)?;
            let mut key = ExpDesc::new(ExpKind::KStr(name.clone()));
            fs.indexed(&mut v, &mut key)?;
        }
        let mut b = self.function(body)?;
        self.check_readonly(&v)?;
        let fs = self.fs();
        fs.store_var(&v, &mut b)?;
        fs.fix_line(line);
        Ok(())
    }

    fn local_func(&mut self, name: &Name, body: &FuncBody, line: u32) -> R<()> {
        self.at(line);
        let fs = self.fs();
        let fvar = fs.nactvar;
        fs.new_localvar(name.clone())?;
        fs.adjust_localvars(1);
        self.function(body)?;
        // Debug information sees the variable only once the closure exists.
        let fs = self.fs();
        let pidx = fs.actvar[fvar].pidx.expect("registered local");
        fs.p.loc_vars[pidx].start_pc = fs.pc() as u32;
        Ok(())
    }

    fn goto_stat(&mut self, label: &Name, line: u32) -> R<()> {
        self.at(line);
        let fs = self.fs();
        if let Some(lb) = fs.find_label(label) {
            // Backward jump: the label is known, leave any scopes now.
            let (target, nactvar) = (lb.pc.expect("label pc"), lb.nactvar);
            let level = fs.reg_level(nactvar);
            if fs.nvarstack() > level {
                fs.abc(OpCode::Close, level, 0, 0);
            }
            fs.jump_to(target)
        } else {
            let j = fs.jump();
            fs.new_goto(label.clone(), line, Some(j));
            Ok(())
        }
    }

    fn ret_stat(&mut self, r: &Return) -> R<()> {
        // `return` itself is consumed on the line its values start (so it seems).
        self.at(r.exprs.first().map_or(r.line, lines::first));
        let mut first = self.fs().nvarstack();
        let nret = if r.exprs.is_empty() {
            0
        } else {
            let (n, mut e) = self.explist(&r.exprs)?;
            let fs = self.fs();
            if e.is_multret() {
                fs.set_multret(&mut e)?;
                let in_tbc = fs.blocks.last().is_some_and(|b| b.inside_tbc);
                if let (ExpKind::Call(pc), 1, false) = (&e.k, n, in_tbc) {
                    let i = fs.inst(*pc);
                    let tail = Instruction::abc(
                        OpCode::TailCall,
                        i.a() as u32,
                        i.b() as u32,
                        i.c() as u32,
                        i.k(),
                    );
                    fs.set_inst(*pc, tail);
                }
                -1
            } else if n == 1 {
                first = fs.exp_to_any_reg(&mut e)?;
                1
            } else {
                fs.exp_to_next_reg(&mut e)?;
                n as i32
            }
        };
        self.at(r.line);
        self.fs().ret(first, nret);
        Ok(())
    }
}
