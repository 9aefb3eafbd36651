//! Expression descriptors: an expression is kept symbolic (a constant, a variable, a
//! pending table access, a comparison's jump ...) until its context says where its value
//! must go. Delaying like this is what lets 5.4 pick K operands, immediates and targets.

use super::func::{FuncState, JumpList};
use super::Failure;
use crate::opcode::{OpCode, MAX_B, MAX_C, OFFSET_SC};
use crate::proto::Constant;

/// Largest constant index usable as an RK operand.
pub(super) const MAX_INDEX_RK: usize = MAX_B as usize;
/// Strings up to this length are "short": only they may key GETFIELD and friends.
const MAX_SHORT_LEN: usize = 40;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum ExpKind {
    /// No value (empty expression list).
    Void,
    Nil,
    True,
    False,
    /// Constant-table entry.
    K(usize),
    KFlt(f64),
    KInt(i64),
    KStr(Box<[u8]>),
    /// Value sits in this register.
    NonReloc(u32),
    Local {
        ridx: u32,
        vidx: usize,
    },
    Upval(u32),
    /// Compile-time constant local: its value and name.
    Const(Box<(Constant, crate::compiler::ast::Name)>),
    /// `R[t][R[idx]]`
    Indexed {
        t: u32,
        idx: u32,
    },
    /// `Upval[t][K[idx]]`
    IndexUp {
        t: u32,
        idx: u32,
    },
    /// `R[t][idx]`, integer key
    IndexInt {
        t: u32,
        idx: u32,
    },
    /// `R[t][K[idx]]`, short string key
    IndexStr {
        t: u32,
        idx: u32,
    },
    /// Comparison; the value is its jump at this pc.
    Jmp(usize),
    /// Instruction at this pc still needs its target register.
    Reloc(usize),
    Call(usize),
    Vararg(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct ExpDesc {
    pub k: ExpKind,
    /// Jumps taken when the expression is true / false.
    pub t: JumpList,
    pub f: JumpList,
}

impl ExpDesc {
    pub fn new(k: ExpKind) -> Self {
        ExpDesc {
            k,
            t: None,
            f: None,
        }
    }

    pub fn has_jumps(&self) -> bool {
        self.t != self.f
    }

    pub fn is_multret(&self) -> bool {
        matches!(self.k, ExpKind::Call(_) | ExpKind::Vararg(_))
    }

    pub fn is_indexed(&self) -> bool {
        use ExpKind::*;
        matches!(
            self.k,
            Indexed { .. } | IndexUp { .. } | IndexInt { .. } | IndexStr { .. }
        )
    }

    /// The numeric constant this expression is, if it is one without jumps.
    pub fn numeral(&self) -> Option<Constant> {
        if self.has_jumps() {
            return None;
        }
        match self.k {
            ExpKind::KInt(i) => Some(Constant::Int(i)),
            ExpKind::KFlt(f) => Some(Constant::Float(f)),
            _ => None,
        }
    }

    /// Integer constant usable as an unsigned C operand (GETI/SETI).
    pub fn is_cint(&self) -> bool {
        matches!(self.k, ExpKind::KInt(i) if !self.has_jumps() && (i as u64) <= MAX_C as u64)
    }

    /// Integer constant usable as a signed sC operand.
    pub fn is_scint(&self) -> bool {
        matches!(self.k, ExpKind::KInt(i) if !self.has_jumps() && fits_c(i))
    }

    /// A number with an exact small integer value: its excess-K encoding and whether it
    /// was written as a float.
    pub fn sc_number(&self) -> Option<(u32, bool)> {
        let (i, isfloat) = match self.k {
            ExpKind::KInt(i) => (i, false),
            ExpKind::KFlt(f) => (super::func::float_as_int(f)?, true),
            _ => return None,
        };
        if !self.has_jumps() && fits_c(i) {
            Some(((i + OFFSET_SC as i64) as u32, isfloat))
        } else {
            None
        }
    }

    pub fn from_constant(c: &Constant) -> Self {
        ExpDesc::new(match c {
            Constant::Nil => ExpKind::Nil,
            Constant::Bool(true) => ExpKind::True,
            Constant::Bool(false) => ExpKind::False,
            Constant::Int(i) => ExpKind::KInt(*i),
            Constant::Float(f) => ExpKind::KFlt(*f),
            Constant::Str(s) => ExpKind::KStr(s.clone()),
        })
    }

    /// The compile-time value of this expression, if it has one (for `<const>`).
    pub fn as_constant(&self) -> Option<Constant> {
        if self.has_jumps() {
            return None;
        }
        match &self.k {
            ExpKind::Nil => Some(Constant::Nil),
            ExpKind::True => Some(Constant::Bool(true)),
            ExpKind::False => Some(Constant::Bool(false)),
            ExpKind::KStr(s) => Some(Constant::Str(s.clone())),
            ExpKind::Const(c) => Some(c.0.clone()),
            _ => self.numeral(),
        }
    }
}

pub(super) fn fits_c(i: i64) -> bool {
    -(OFFSET_SC as i64) <= i && i <= MAX_C as i64 - OFFSET_SC as i64
}

pub(super) fn int_to_sc(i: i64) -> u32 {
    (i + OFFSET_SC as i64) as u32
}

type R<T> = Result<T, Failure>;

impl FuncState {
    pub fn free_exp(&mut self, e: &ExpDesc) {
        if let ExpKind::NonReloc(r) = e.k {
            self.free_reg(r);
        }
    }

    /// Free the temporaries of two operands, the higher register first.
    pub fn free_exps(&mut self, e1: &ExpDesc, e2: &ExpDesc) {
        let r1 = match e1.k {
            ExpKind::NonReloc(r) => Some(r),
            _ => None,
        };
        let r2 = match e2.k {
            ExpKind::NonReloc(r) => Some(r),
            _ => None,
        };
        if r1 > r2 {
            if let Some(r) = r1 {
                self.free_reg(r);
            }
            if let Some(r) = r2 {
                self.free_reg(r);
            }
        } else {
            if let Some(r) = r2 {
                self.free_reg(r);
            }
            if let Some(r) = r1 {
                self.free_reg(r);
            }
        }
    }

    /// Fix the number of results of an open call or vararg (`nresults < 0`: all).
    pub fn set_returns(&mut self, e: &mut ExpDesc, nresults: i32) -> R<()> {
        let c = (nresults + 1) as u32;
        match e.k {
            ExpKind::Call(pc) => {
                let i = self.inst(pc).with_c(c);
                self.set_inst(pc, i);
            }
            ExpKind::Vararg(pc) => {
                let i = self.inst(pc).with_c(c).with_a(self.free_reg);
                self.set_inst(pc, i);
                self.reserve_regs(1)?;
            }
            _ => {}
        }
        Ok(())
    }

    pub fn set_multret(&mut self, e: &mut ExpDesc) -> R<()> {
        self.set_returns(e, -1)
    }

    /// An open call or vararg used as a single value.
    pub fn set_one_ret(&mut self, e: &mut ExpDesc) {
        match e.k {
            ExpKind::Call(pc) => e.k = ExpKind::NonReloc(self.inst(pc).a() as u32),
            ExpKind::Vararg(pc) => {
                let i = self.inst(pc).with_c(2);
                self.set_inst(pc, i);
                e.k = ExpKind::Reloc(pc);
            }
            _ => {}
        }
    }

    /// Turn a variable into a value: emit the load, leaving it relocatable.
    pub fn discharge_vars(&mut self, e: &mut ExpDesc) {
        match e.k {
            ExpKind::Const(ref c) => {
                let c = c.0.clone();
                let (t, f) = (e.t, e.f);
                *e = ExpDesc::from_constant(&c);
                e.t = t;
                e.f = f;
            }
            ExpKind::Local { ridx, .. } => e.k = ExpKind::NonReloc(ridx),
            ExpKind::Upval(u) => e.k = ExpKind::Reloc(self.abc(OpCode::GetUpval, 0, u, 0)),
            ExpKind::IndexUp { t, idx } => {
                e.k = ExpKind::Reloc(self.abc(OpCode::GetTabUp, 0, t, idx));
            }
            ExpKind::IndexInt { t, idx } => {
                self.free_reg(t);
                e.k = ExpKind::Reloc(self.abc(OpCode::GetI, 0, t, idx));
            }
            ExpKind::IndexStr { t, idx } => {
                self.free_reg(t);
                e.k = ExpKind::Reloc(self.abc(OpCode::GetField, 0, t, idx));
            }
            ExpKind::Indexed { t, idx } => {
                let (hi, lo) = if t > idx { (t, idx) } else { (idx, t) };
                self.free_reg(hi);
                self.free_reg(lo);
                e.k = ExpKind::Reloc(self.abc(OpCode::GetTable, 0, t, idx));
            }
            ExpKind::Call(_) | ExpKind::Vararg(_) => self.set_one_ret(e),
            _ => {}
        }
    }

    fn discharge_to_reg(&mut self, e: &mut ExpDesc, reg: u32) {
        self.discharge_vars(e);
        match std::mem::replace(&mut e.k, ExpKind::Void) {
            ExpKind::Nil => self.load_nil(reg, 1),
            ExpKind::False => {
                self.abc(OpCode::LoadFalse, reg, 0, 0);
            }
            ExpKind::True => {
                self.abc(OpCode::LoadTrue, reg, 0, 0);
            }
            ExpKind::KStr(s) => {
                let k = self.string_k(&s);
                self.code_k(reg, k);
            }
            ExpKind::K(k) => {
                self.code_k(reg, k);
            }
            ExpKind::KFlt(f) => self.load_float(reg, f),
            ExpKind::KInt(i) => self.load_int(reg, i),
            ExpKind::Reloc(pc) => {
                let i = self.inst(pc).with_a(reg);
                self.set_inst(pc, i);
            }
            ExpKind::NonReloc(r) => {
                if r != reg {
                    self.abc(OpCode::Move, reg, r, 0);
                }
            }
            other => {
                // A comparison keeps its jump form; exp_to_reg materialises it.
                e.k = other;
                return;
            }
        }
        e.k = ExpKind::NonReloc(reg);
    }

    fn discharge_to_any_reg(&mut self, e: &mut ExpDesc) -> R<()> {
        if !matches!(e.k, ExpKind::NonReloc(_)) {
            self.reserve_regs(1)?;
            let r = self.free_reg - 1;
            self.discharge_to_reg(e, r);
        }
        Ok(())
    }

    fn code_load_bool(&mut self, a: u32, op: OpCode) -> usize {
        self.get_label();
        self.abc(op, a, 0, 0)
    }

    /// Put the value of `e` (including a pending condition) into `reg`.
    pub fn exp_to_reg(&mut self, e: &mut ExpDesc, reg: u32) -> R<()> {
        self.discharge_to_reg(e, reg);
        if let ExpKind::Jmp(pc) = e.k {
            let mut t = e.t;
            self.concat(&mut t, Some(pc))?;
            e.t = t;
        }
        if e.has_jumps() {
            let mut p_f = None;
            let mut p_t = None;
            if self.need_value(e.t) || self.need_value(e.f) {
                let fj = if matches!(e.k, ExpKind::Jmp(_)) {
                    None
                } else {
                    Some(self.jump())
                };
                p_f = Some(self.code_load_bool(reg, OpCode::LFalseSkip));
                p_t = Some(self.code_load_bool(reg, OpCode::LoadTrue));
                self.patch_to_here(fj)?;
            }
            let end = self.get_label();
            self.patch_list_aux(e.f, end, Some(reg), p_f.unwrap_or(end))?;
            self.patch_list_aux(e.t, end, Some(reg), p_t.unwrap_or(end))?;
        }
        e.t = None;
        e.f = None;
        e.k = ExpKind::NonReloc(reg);
        Ok(())
    }

    pub fn exp_to_next_reg(&mut self, e: &mut ExpDesc) -> R<()> {
        self.discharge_vars(e);
        self.free_exp(e);
        self.reserve_regs(1)?;
        let r = self.free_reg - 1;
        self.exp_to_reg(e, r)
    }

    /// Put `e` in some register (its own if it already has one) and return it.
    pub fn exp_to_any_reg(&mut self, e: &mut ExpDesc) -> R<u32> {
        self.discharge_vars(e);
        if let ExpKind::NonReloc(r) = e.k {
            if !e.has_jumps() {
                return Ok(r);
            }
            if r >= self.nvarstack() {
                self.exp_to_reg(e, r)?;
                return Ok(r);
            }
            // A local with pending jumps must not be clobbered: copy to a new register.
        }
        self.exp_to_next_reg(e)?;
        match e.k {
            ExpKind::NonReloc(r) => Ok(r),
            _ => unreachable!("exp_to_next_reg leaves a register"),
        }
    }

    /// Like `exp_to_any_reg`, but an upvalue may stay where it is.
    pub fn exp_to_any_reg_up(&mut self, e: &mut ExpDesc) -> R<()> {
        if !matches!(e.k, ExpKind::Upval(_)) || e.has_jumps() {
            self.exp_to_any_reg(e)?;
        }
        Ok(())
    }

    /// Make `e` a value: in a register if it has jumps, else just discharged.
    ///
    /// A bare comparison (`Jmp`) counts as having jumps. Lua 5.4.4 left it pending, so
    /// `t[(k ~= false)]` on an upvalue `t` loaded the table after the comparison's jump,
    /// which skipped the load; later 5.4 releases (and this compiler) materialise it first.
    pub fn exp_to_val(&mut self, e: &mut ExpDesc) -> R<()> {
        if matches!(e.k, ExpKind::Jmp(_)) || e.has_jumps() {
            self.exp_to_any_reg(e)?;
        } else {
            self.discharge_vars(e);
        }
        Ok(())
    }

    /// Try to make `e` a constant-table operand (index fits an RK slot).
    pub fn exp_to_k(&mut self, e: &mut ExpDesc) -> bool {
        if e.has_jumps() {
            return false;
        }
        let k = match &e.k {
            ExpKind::True => self.bool_k(true),
            ExpKind::False => self.bool_k(false),
            ExpKind::Nil => self.nil_k(),
            ExpKind::KInt(i) => self.int_k(*i),
            ExpKind::KFlt(f) => self.float_k(*f),
            ExpKind::KStr(s) => {
                let s = s.clone();
                self.string_k(&s)
            }
            ExpKind::K(k) => *k,
            _ => return false,
        };
        if k <= MAX_INDEX_RK {
            e.k = ExpKind::K(k);
            true
        } else {
            false
        }
    }

    /// A register or constant operand; true when it is a constant.
    pub fn exp_to_rk(&mut self, e: &mut ExpDesc) -> R<bool> {
        if self.exp_to_k(e) {
            Ok(true)
        } else {
            self.exp_to_any_reg(e)?;
            Ok(false)
        }
    }

    pub fn code_abrk(&mut self, op: OpCode, a: u32, b: u32, ec: &mut ExpDesc) -> R<()> {
        let k = self.exp_to_rk(ec)?;
        let c = match ec.k {
            ExpKind::K(i) => i as u32,
            ExpKind::NonReloc(r) => r,
            _ => unreachable!("RK operand"),
        };
        self.abck(op, a, b, c, k);
        Ok(())
    }

    pub fn str_to_k(&mut self, e: &mut ExpDesc) {
        if let ExpKind::KStr(s) = &e.k {
            let s = s.clone();
            e.k = ExpKind::K(self.string_k(&s));
        }
    }

    /// A short-string constant usable as a field key.
    pub fn is_kstr(&self, e: &ExpDesc) -> bool {
        match e.k {
            ExpKind::K(k) => {
                !e.has_jumps()
                    && k <= MAX_B as usize
                    && matches!(&self.p.constants[k], Constant::Str(s) if s.len() <= MAX_SHORT_LEN)
            }
            _ => false,
        }
    }

    /// Store the value `ex` into the variable `var`.
    pub fn store_var(&mut self, var: &ExpDesc, ex: &mut ExpDesc) -> R<()> {
        match var.k {
            ExpKind::Local { ridx, .. } => {
                self.free_exp(ex);
                return self.exp_to_reg(ex, ridx);
            }
            ExpKind::Upval(u) => {
                let r = self.exp_to_any_reg(ex)?;
                self.abc(OpCode::SetUpval, r, u, 0);
            }
            ExpKind::IndexUp { t, idx } => self.code_abrk(OpCode::SetTabUp, t, idx, ex)?,
            ExpKind::IndexInt { t, idx } => self.code_abrk(OpCode::SetI, t, idx, ex)?,
            ExpKind::IndexStr { t, idx } => self.code_abrk(OpCode::SetField, t, idx, ex)?,
            ExpKind::Indexed { t, idx } => self.code_abrk(OpCode::SetTable, t, idx, ex)?,
            _ => unreachable!("store to a non-variable"),
        }
        self.free_exp(ex);
        Ok(())
    }

    /// `obj:name` for a method call: the method and `obj` as its first argument.
    pub fn code_self(&mut self, e: &mut ExpDesc, key: &mut ExpDesc) -> R<()> {
        let ereg = self.exp_to_any_reg(e)?;
        self.free_exp(e);
        let base = self.free_reg;
        e.k = ExpKind::NonReloc(base);
        self.reserve_regs(2)?;
        self.code_abrk(OpCode::Self_, base, ereg, key)?;
        self.free_exp(key);
        Ok(())
    }

    /// Turn `t` (a table in a register or upvalue) into the access `t[k]`.
    pub fn indexed(&mut self, t: &mut ExpDesc, k: &mut ExpDesc) -> R<()> {
        self.str_to_k(k);
        if matches!(t.k, ExpKind::Upval(_)) && !self.is_kstr(k) {
            self.exp_to_any_reg(t)?;
        }
        if let ExpKind::Upval(u) = t.k {
            let ExpKind::K(idx) = k.k else {
                unreachable!("is_kstr")
            };
            t.k = ExpKind::IndexUp {
                t: u,
                idx: idx as u32,
            };
            return Ok(());
        }
        let treg = match t.k {
            ExpKind::Local { ridx, .. } => ridx,
            ExpKind::NonReloc(r) => r,
            _ => unreachable!("indexed base must be in a register"),
        };
        t.k = if self.is_kstr(k) {
            let ExpKind::K(idx) = k.k else { unreachable!() };
            ExpKind::IndexStr {
                t: treg,
                idx: idx as u32,
            }
        } else if k.is_cint() {
            let ExpKind::KInt(i) = k.k else {
                unreachable!()
            };
            ExpKind::IndexInt {
                t: treg,
                idx: i as u32,
            }
        } else {
            let idx = self.exp_to_any_reg(k)?;
            ExpKind::Indexed { t: treg, idx }
        };
        Ok(())
    }

    // ---- conditions -----------------------------------------------------------------------

    fn negate_condition(&mut self, pc: usize) {
        let c = self.jump_control(pc);
        let i = self.inst(c);
        self.set_inst(c, i.with_k(!i.k()));
    }

    /// Jump if `e` is `cond`; a preceding NOT is folded into the test.
    fn jump_on_cond(&mut self, e: &mut ExpDesc, cond: bool) -> R<usize> {
        if let ExpKind::Reloc(pc) = e.k {
            let ie = self.inst(pc);
            if ie.opcode() == OpCode::Not {
                self.remove_last();
                return Ok(self.cond_jump(OpCode::Test, ie.b() as u32, 0, 0, !cond));
            }
        }
        self.discharge_to_any_reg(e)?;
        self.free_exp(e);
        let ExpKind::NonReloc(r) = e.k else {
            unreachable!()
        };
        Ok(self.cond_jump(OpCode::TestSet, crate::opcode::MAX_A, r, 0, cond))
    }

    /// Fall through when `e` is true, jump (via `e.f`) when false.
    pub fn go_if_true(&mut self, e: &mut ExpDesc) -> R<()> {
        self.discharge_vars(e);
        let pc = match e.k {
            ExpKind::Jmp(pc) => {
                self.negate_condition(pc);
                Some(pc)
            }
            ExpKind::K(_)
            | ExpKind::KFlt(_)
            | ExpKind::KInt(_)
            | ExpKind::KStr(_)
            | ExpKind::True => None,
            _ => Some(self.jump_on_cond(e, false)?),
        };
        let mut f = e.f;
        self.concat(&mut f, pc)?;
        e.f = f;
        self.patch_to_here(e.t)?;
        e.t = None;
        Ok(())
    }

    /// Fall through when `e` is false, jump (via `e.t`) when true.
    pub fn go_if_false(&mut self, e: &mut ExpDesc) -> R<()> {
        self.discharge_vars(e);
        let pc = match e.k {
            ExpKind::Jmp(pc) => Some(pc),
            ExpKind::Nil | ExpKind::False => None,
            _ => Some(self.jump_on_cond(e, true)?),
        };
        let mut t = e.t;
        self.concat(&mut t, pc)?;
        e.t = t;
        self.patch_to_here(e.f)?;
        e.f = None;
        Ok(())
    }

    pub fn code_not(&mut self, e: &mut ExpDesc) -> R<()> {
        self.discharge_vars(e);
        match e.k {
            ExpKind::Nil | ExpKind::False => e.k = ExpKind::True,
            ExpKind::K(_)
            | ExpKind::KFlt(_)
            | ExpKind::KInt(_)
            | ExpKind::KStr(_)
            | ExpKind::True => e.k = ExpKind::False,
            ExpKind::Jmp(pc) => self.negate_condition(pc),
            ExpKind::Reloc(_) | ExpKind::NonReloc(_) => {
                self.discharge_to_any_reg(e)?;
                self.free_exp(e);
                let ExpKind::NonReloc(r) = e.k else {
                    unreachable!()
                };
                e.k = ExpKind::Reloc(self.abc(OpCode::Not, 0, r, 0));
            }
            _ => unreachable!("discharged expression"),
        }
        std::mem::swap(&mut e.t, &mut e.f);
        self.remove_values(e.f);
        self.remove_values(e.t);
        Ok(())
    }
}
