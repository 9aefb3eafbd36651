//! Scopes: local variables and their registers, blocks, upvalue marking, and labels with
//! the pending gotos that refer to them (a `break` is a goto to the label "break").

use super::exp::ExpKind;
use super::func::{BlockScope, FuncState, LabelDesc, VarDesc, VarKind};
use super::Failure;
use crate::compiler::ast::Name;
use crate::opcode::OpCode;
use crate::proto::LocVar;

type R<T> = Result<T, Failure>;

/// Most locals a function may have alive at once.
const MAX_VARS: usize = 200;
pub(super) const BREAK: &[u8] = b"break";

pub(super) fn show(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

impl FuncState {
    /// `too many <what> (limit is N) in <function>`, as luac words it.
    pub fn limit_error(&self, limit: usize, what: &str) -> Failure {
        let line = self.p.line_defined;
        let place = if line == 0 {
            "main function".to_string()
        } else {
            format!("function at line {line}")
        };
        self.fail(format!("too many {what} (limit is {limit}) in {place}"))
            .near()
    }

    pub fn new_localvar(&mut self, name: Name) -> R<usize> {
        if self.actvar.len() + 1 > MAX_VARS {
            return Err(self.limit_error(MAX_VARS, "local variables"));
        }
        self.actvar.push(VarDesc {
            name,
            kind: VarKind::Regular,
            ridx: 0,
            pidx: None,
            value: None,
        });
        Ok(self.actvar.len() - 1)
    }

    /// Bring the next `n` declared variables into scope, in consecutive registers.
    pub fn adjust_localvars(&mut self, n: usize) {
        let first = self.nvarstack();
        for reg in first..first + n as u32 {
            let vidx = self.nactvar;
            self.nactvar += 1;
            let pc = self.pc() as u32;
            let var = &mut self.actvar[vidx];
            var.ridx = reg;
            var.pidx = Some(self.p.loc_vars.len());
            self.p.loc_vars.push(LocVar {
                name: show(&var.name).into(),
                start_pc: pc,
                end_pc: 0,
            });
        }
    }

    pub fn remove_vars(&mut self, to_level: usize) {
        let pc = self.pc() as u32;
        while self.nactvar > to_level {
            self.nactvar -= 1;
            if let Some(p) = self.actvar[self.nactvar].pidx {
                self.p.loc_vars[p].end_pc = pc;
            }
        }
        self.actvar.truncate(to_level);
    }

    pub fn search_var(&self, name: &[u8]) -> Option<ExpKind> {
        let vidx = (0..self.nactvar)
            .rev()
            .find(|&i| &*self.actvar[i].name == name)?;
        let v = &self.actvar[vidx];
        Some(if v.kind == VarKind::CompileTime {
            let value = v.value.clone().expect("compile-time constant has a value");
            ExpKind::Const(Box::new((value, v.name.clone())))
        } else {
            ExpKind::Local { ridx: v.ridx, vidx }
        })
    }

    pub fn search_upvalue(&self, name: &[u8]) -> Option<u32> {
        self.p
            .upvalues
            .iter()
            .position(|u| u.name.as_bytes() == name)
            .map(|i| i as u32)
    }

    /// The variable `vidx` is captured: its block must close it on exit.
    pub fn mark_upval(&mut self, vidx: usize) {
        if let Some(b) = self.blocks.iter_mut().rev().find(|b| b.nactvar <= vidx) {
            b.upval = true;
        }
        self.needclose = true;
    }

    pub fn mark_to_be_closed(&mut self) {
        let b = self.blocks.last_mut().expect("inside a block");
        b.upval = true;
        b.inside_tbc = true;
        self.needclose = true;
    }

    pub fn enter_block(&mut self, is_loop: bool) {
        let inside_tbc = self.blocks.last().is_some_and(|b| b.inside_tbc);
        self.blocks.push(BlockScope {
            nactvar: self.nactvar,
            first_label: self.labels.len(),
            first_goto: self.gotos.len(),
            upval: false,
            is_loop,
            inside_tbc,
        });
        debug_assert_eq!(self.free_reg, self.nvarstack());
    }

    pub fn leave_block(&mut self) -> R<()> {
        let bl = self.blocks.last().cloned().expect("inside a block");
        let stack_level = self.reg_level(bl.nactvar);
        // The block's variables end before its breaks are resolved, so a loop's CLOSE for
        // them is outside their range and closes from the level outside the block, as in
        // Lua 5.4.9 (5.4.4 resolved breaks first, and closed from the loop body's level).
        self.remove_vars(bl.nactvar);
        let mut has_close = false;
        if bl.is_loop {
            has_close = self.create_label(BREAK.into(), 0, false)?;
        }
        let nested = self.blocks.len() > 1;
        if !has_close && nested && bl.upval {
            self.abc(OpCode::Close, stack_level, 0, 0);
        }
        self.free_reg = stack_level;
        self.labels.truncate(bl.first_label);
        self.blocks.pop();
        if nested {
            self.move_gotos_out(&bl);
        } else if let Some(gt) = self.gotos.get(bl.first_goto) {
            return Err(self.undefined_goto(gt));
        }
        Ok(())
    }

    fn undefined_goto(&self, gt: &LabelDesc) -> Failure {
        let msg = crate::compiler::undefined_jump_message(&gt.name, gt.line as u32);
        self.fail(msg)
    }

    /// Pending gotos of a closed block now belong to the enclosing one.
    fn move_gotos_out(&mut self, bl: &BlockScope) {
        let level = self.reg_level(bl.nactvar);
        for gt in &mut self.gotos[bl.first_goto..] {
            if gt.reg_level > level {
                gt.close |= bl.upval;
            }
            gt.nactvar = bl.nactvar;
            gt.reg_level = level;
        }
    }

    pub fn find_label(&self, name: &[u8]) -> Option<&LabelDesc> {
        self.labels.iter().find(|l| &*l.name == name)
    }

    pub fn new_goto(&mut self, name: Name, line: u32, pc: Option<usize>) {
        self.gotos.push(LabelDesc {
            name,
            pc,
            line,
            nactvar: self.nactvar,
            reg_level: self.nvarstack(),
            close: false,
        });
    }

    /// Declare a label here and resolve the block's pending gotos to it. Returns whether
    /// a CLOSE was emitted for them. `last`: the label ends its block, so the block's
    /// locals are already out of scope there.
    pub fn create_label(&mut self, name: Name, line: u32, last: bool) -> R<bool> {
        let pc = self.get_label();
        let nactvar = if last {
            self.blocks.last().expect("inside a block").nactvar
        } else {
            self.nactvar
        };
        let label = LabelDesc {
            name,
            pc: Some(pc),
            line,
            nactvar,
            reg_level: 0,
            close: false,
        };
        let first = self.blocks.last().expect("inside a block").first_goto;
        let mut needs_close = false;
        let mut i = first;
        while i < self.gotos.len() {
            if self.gotos[i].name == label.name {
                let gt = self.gotos.remove(i);
                needs_close |= gt.close;
                if gt.nactvar < label.nactvar {
                    let var = show(&self.actvar[gt.nactvar].name);
                    return Err(self.fail(format!(
                        "<goto {}> at line {} jumps into the scope of local '{}'",
                        show(&gt.name),
                        gt.line,
                        var
                    )));
                }
                self.patch_list(gt.pc, pc)?;
            } else {
                i += 1;
            }
        }
        self.labels.push(label);
        if needs_close {
            let level = self.nvarstack();
            self.abc(OpCode::Close, level, 0, 0);
        }
        Ok(needs_close)
    }
}
