//! One function under construction: its instruction stream, line info, constant table,
//! register allocator and jump lists. Everything here mirrors what luac5.4 does, so that
//! register numbers, constant indices and jump shapes come out identical.

use super::Failure;
use crate::compiler::ast::Name;
use crate::opcode::{Instruction, OpCode, MAX_AX, MAX_BX, MAX_REGS, OFFSET_SBX, OFFSET_SJ};
use crate::proto::{Constant, Proto};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Head of a chain of pending jumps threaded through their sJ fields.
pub(super) type JumpList = Option<usize>;

/// The sJ value that terminates a chain (a jump to itself is never pending).
const END_OF_LIST: i32 = -1;

/// How a local variable may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum VarKind {
    Regular,
    /// `<const>` that lives in a register.
    ReadOnly,
    /// `<close>`.
    ToClose,
    /// `<const>` folded away at compile time: it has no register.
    CompileTime,
}

#[derive(Clone, Debug)]
pub(super) struct VarDesc {
    pub name: Name,
    pub kind: VarKind,
    pub ridx: u32,
    /// Index into `loc_vars` (absent for compile-time constants).
    pub pidx: Option<usize>,
    pub value: Option<Constant>,
}

/// A lexical block (`do`, loop body, function body ...).
#[derive(Clone, Debug)]
pub(super) struct BlockScope {
    pub nactvar: usize,
    pub first_label: usize,
    pub first_goto: usize,
    /// Some local of this block is captured (or to-be-closed): leaving needs CLOSE.
    pub upval: bool,
    pub is_loop: bool,
    pub inside_tbc: bool,
}

/// A label, or a pending goto (`break` is a goto to the label "break").
#[derive(Clone, Debug)]
pub(super) struct LabelDesc {
    pub name: Name,
    /// The label's position, or the goto's jump list.
    pub pc: Option<usize>,
    pub line: u32,
    pub nactvar: usize,
    /// Registers in use by the variables counted in `nactvar` (gotos only).
    pub reg_level: u32,
    /// The goto leaves the scope of a captured variable.
    pub close: bool,
}

/// Key of the constant cache. luac keeps one cache for the whole chunk, mapping a value
/// to the index it last got in whichever function added it; an entry is reused only when
/// the current function has that value at that index. So a constant that a nested
/// function added in between can be duplicated in the outer one, exactly as in luac.
pub(super) type ConstCache = Rc<RefCell<HashMap<KKey, usize>>>;

/// Floats by bit pattern; an integral float is keyed by a nearby non-integral value (as
/// luac does, so that it cannot meet the integer of the same value).
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) enum KKey {
    Nil,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(Box<[u8]>),
}

pub(super) struct FuncState {
    pub p: Proto,
    kcache: ConstCache,
    /// Last pc that is a jump target; no peephole may merge across it.
    pub last_target: usize,
    pub free_reg: u32,
    /// Declared variables of this function; the first `nactvar` are in scope.
    pub actvar: Vec<VarDesc>,
    pub nactvar: usize,
    pub blocks: Vec<BlockScope>,
    pub labels: Vec<LabelDesc>,
    pub gotos: Vec<LabelDesc>,
    pub upval_kinds: Vec<VarKind>,
    pub needclose: bool,
    /// Line of the last token the parser would have consumed: stamped on new code.
    pub line: u32,
}

impl FuncState {
    pub fn new(p: Proto, line: u32, kcache: ConstCache) -> Self {
        FuncState {
            p,
            kcache,
            last_target: 0,
            free_reg: 0,
            actvar: Vec::new(),
            nactvar: 0,
            blocks: Vec::new(),
            labels: Vec::new(),
            gotos: Vec::new(),
            upval_kinds: Vec::new(),
            needclose: false,
            line,
        }
    }

    pub fn fail(&self, msg: impl Into<String>) -> Failure {
        Failure::new(self.line, msg)
    }

    // ---- emission -------------------------------------------------------------------------

    pub fn pc(&self) -> usize {
        self.p.code.len()
    }

    pub fn code(&mut self, i: Instruction) -> usize {
        self.p.code.push(i);
        self.p.line_info.push(self.line);
        self.p.code.len() - 1
    }

    pub fn abc(&mut self, op: OpCode, a: u32, b: u32, c: u32) -> usize {
        self.code(Instruction::abc(op, a, b, c, false))
    }

    pub fn abck(&mut self, op: OpCode, a: u32, b: u32, c: u32, k: bool) -> usize {
        self.code(Instruction::abc(op, a, b, c, k))
    }

    pub fn abx(&mut self, op: OpCode, a: u32, bx: u32) -> usize {
        self.code(Instruction::abx(op, a, bx))
    }

    fn extra_arg(&mut self, ax: u32) -> usize {
        self.code(Instruction::ax_(OpCode::ExtraArg, ax))
    }

    /// Re-stamp the last instruction with `line` (operators "happen" on their own line).
    pub fn fix_line(&mut self, line: u32) {
        if let Some(l) = self.p.line_info.last_mut() {
            *l = line;
        }
    }

    pub fn remove_last(&mut self) {
        self.p.code.pop();
        self.p.line_info.pop();
    }

    pub fn inst(&self, pc: usize) -> Instruction {
        self.p.code[pc]
    }

    pub fn set_inst(&mut self, pc: usize, i: Instruction) {
        self.p.code[pc] = i;
    }

    /// The previous instruction, unless the current pc is a jump target.
    pub fn previous(&self) -> Option<Instruction> {
        if self.pc() > self.last_target {
            self.p.code.last().copied()
        } else {
            None
        }
    }

    /// Mark the current pc as a jump target and return it.
    pub fn get_label(&mut self) -> usize {
        self.last_target = self.pc();
        self.pc()
    }

    // ---- jumps ----------------------------------------------------------------------------

    pub fn jump(&mut self) -> usize {
        self.code(Instruction::sj_(OpCode::Jmp, END_OF_LIST))
    }

    pub fn cond_jump(&mut self, op: OpCode, a: u32, b: u32, c: u32, k: bool) -> usize {
        self.abck(op, a, b, c, k);
        self.jump()
    }

    fn get_jump(&self, pc: usize) -> JumpList {
        let off = self.inst(pc).sj();
        if off == END_OF_LIST {
            None
        } else {
            Some((pc as i64 + 1 + off as i64) as usize)
        }
    }

    pub fn fix_jump(&mut self, pc: usize, dest: usize) -> Result<(), Failure> {
        let off = dest as i64 - (pc as i64 + 1);
        if off < -(OFFSET_SJ as i64) || off > OFFSET_SJ as i64 {
            return Err(self.fail("control structure too long").near());
        }
        let i = self.inst(pc).with_sj(off as i32);
        self.set_inst(pc, i);
        Ok(())
    }

    /// Append list `l2` to list `l1`.
    pub fn concat(&mut self, l1: &mut JumpList, l2: JumpList) -> Result<(), Failure> {
        let Some(l2) = l2 else { return Ok(()) };
        match *l1 {
            None => *l1 = Some(l2),
            Some(mut list) => {
                while let Some(next) = self.get_jump(list) {
                    list = next;
                }
                self.fix_jump(list, l2)?;
            }
        }
        Ok(())
    }

    /// The instruction that decides whether the jump at `pc` is taken.
    pub fn jump_control(&self, pc: usize) -> usize {
        if pc >= 1 && is_test(self.inst(pc - 1).opcode()) {
            pc - 1
        } else {
            pc
        }
    }

    /// Make the TESTSET controlling `node` store into `reg`, or degrade it to TEST when
    /// no value is wanted. False when the jump is not controlled by a TESTSET.
    fn patch_test_reg(&mut self, node: usize, reg: Option<u32>) -> bool {
        let pc = self.jump_control(node);
        let i = self.inst(pc);
        if i.opcode() != OpCode::TestSet {
            return false;
        }
        let b = i.b() as u32;
        let new = match reg {
            Some(r) if r != b => i.with_a(r),
            _ => Instruction::abc(OpCode::Test, b, 0, 0, i.k()),
        };
        self.set_inst(pc, new);
        true
    }

    pub fn remove_values(&mut self, mut list: JumpList) {
        while let Some(pc) = list {
            self.patch_test_reg(pc, None);
            list = self.get_jump(pc);
        }
    }

    /// Whether some jump in the list needs to produce a value (is not a TESTSET).
    pub fn need_value(&self, mut list: JumpList) -> bool {
        while let Some(pc) = list {
            if self.inst(self.jump_control(pc)).opcode() != OpCode::TestSet {
                return true;
            }
            list = self.get_jump(pc);
        }
        false
    }

    /// Patch every jump in `list`: value-producing TESTSETs go to `vtarget` storing into
    /// `reg`, the rest to `dtarget`.
    pub fn patch_list_aux(
        &mut self,
        mut list: JumpList,
        vtarget: usize,
        reg: Option<u32>,
        dtarget: usize,
    ) -> Result<(), Failure> {
        while let Some(pc) = list {
            let next = self.get_jump(pc);
            if self.patch_test_reg(pc, reg) {
                self.fix_jump(pc, vtarget)?;
            } else {
                self.fix_jump(pc, dtarget)?;
            }
            list = next;
        }
        Ok(())
    }

    pub fn patch_list(&mut self, list: JumpList, target: usize) -> Result<(), Failure> {
        self.patch_list_aux(list, target, None, target)
    }

    pub fn patch_to_here(&mut self, list: JumpList) -> Result<(), Failure> {
        let here = self.get_label();
        self.patch_list(list, here)
    }

    /// Emit an unconditional jump back to `target`.
    pub fn jump_to(&mut self, target: usize) -> Result<(), Failure> {
        let j = self.jump();
        self.patch_list(Some(j), target)
    }

    // ---- constants ------------------------------------------------------------------------

    fn add_k(&mut self, key: KKey, v: Constant) -> usize {
        let cached = self.kcache.borrow().get(&key).copied();
        if let Some(i) = cached {
            if self.p.constants.get(i) == Some(&v) {
                return i;
            }
        }
        let i = self.p.constants.len();
        self.p.constants.push(v);
        self.kcache.borrow_mut().insert(key, i);
        i
    }

    pub fn string_k(&mut self, s: &[u8]) -> usize {
        self.add_k(KKey::Str(s.into()), Constant::Str(s.into()))
    }

    pub fn int_k(&mut self, i: i64) -> usize {
        self.add_k(KKey::Int(i), Constant::Int(i))
    }

    pub fn float_k(&mut self, f: f64) -> usize {
        let key = match float_as_int(f) {
            None => f,
            Some(0) => f64::EPSILON,
            Some(_) => f + f * f64::EPSILON,
        };
        self.add_k(KKey::Float(key.to_bits()), Constant::Float(f))
    }

    pub fn bool_k(&mut self, b: bool) -> usize {
        self.add_k(KKey::Bool(b), Constant::Bool(b))
    }

    pub fn nil_k(&mut self) -> usize {
        self.add_k(KKey::Nil, Constant::Nil)
    }

    /// Load constant `k` into `reg`, with LOADKX when the index does not fit Bx.
    pub fn code_k(&mut self, reg: u32, k: usize) -> usize {
        if k as u32 <= MAX_BX {
            self.abx(OpCode::LoadK, reg, k as u32)
        } else {
            let pc = self.abx(OpCode::LoadKX, reg, 0);
            self.extra_arg(k as u32);
            pc
        }
    }

    pub fn load_int(&mut self, reg: u32, i: i64) {
        if fits_sbx(i) {
            self.code(Instruction::asbx(OpCode::LoadI, reg, i as i32));
        } else {
            let k = self.int_k(i);
            self.code_k(reg, k);
        }
    }

    pub fn load_float(&mut self, reg: u32, f: f64) {
        match float_as_int(f) {
            Some(i) if fits_sbx(i) => {
                self.code(Instruction::asbx(OpCode::LoadF, reg, i as i32));
            }
            _ => {
                let k = self.float_k(f);
                self.code_k(reg, k);
            }
        }
    }

    /// Set `n` registers from `from` to nil, merging with an adjacent LOADNIL.
    pub fn load_nil(&mut self, from: u32, n: u32) {
        let mut from = from;
        let mut last = from + n - 1;
        if let Some(prev) = self.previous() {
            if prev.opcode() == OpCode::LoadNil {
                let pfrom = prev.a() as u32;
                let plast = pfrom + prev.b() as u32;
                if (pfrom <= from && from <= plast + 1) || (from <= pfrom && pfrom <= last + 1) {
                    from = from.min(pfrom);
                    last = last.max(plast);
                    let pc = self.pc() - 1;
                    self.set_inst(pc, prev.with_a(from).with_b(last - from));
                    return;
                }
            }
        }
        self.abc(OpCode::LoadNil, from, n - 1, 0);
    }

    pub fn ret(&mut self, first: u32, nret: i32) {
        let op = match nret {
            0 => OpCode::Return0,
            1 => OpCode::Return1,
            _ => OpCode::Return,
        };
        self.abc(op, first, (nret + 1) as u32, 0);
    }

    pub fn set_list(&mut self, base: u32, nelems: u32, tostore: i32) -> Result<(), Failure> {
        let b = if tostore < 0 { 0 } else { tostore as u32 };
        if nelems <= crate::opcode::MAX_C {
            self.abc(OpCode::SetList, base, b, nelems);
        } else {
            let extra = nelems / (crate::opcode::MAX_C + 1);
            self.abck(
                OpCode::SetList,
                base,
                b,
                nelems % (crate::opcode::MAX_C + 1),
                true,
            );
            if extra > MAX_AX {
                return Err(self.fail("constructor too long").near());
            }
            self.extra_arg(extra);
        }
        self.free_reg = base + 1;
        Ok(())
    }

    /// Fill in the NEWTABLE at `pc` (and its EXTRAARG) once the sizes are known.
    pub fn set_table_size(&mut self, pc: usize, ra: u32, asize: u32, hsize: u32) {
        let rb = if hsize != 0 { ceil_log2(hsize) + 1 } else { 0 };
        let extra = asize / (crate::opcode::MAX_C + 1);
        let rc = asize % (crate::opcode::MAX_C + 1);
        self.set_inst(
            pc,
            Instruction::abc(OpCode::NewTable, ra, rb, rc, extra > 0),
        );
        self.set_inst(pc + 1, Instruction::ax_(OpCode::ExtraArg, extra));
    }

    // ---- registers ------------------------------------------------------------------------

    /// Registers used by the first `nvar` active variables.
    pub fn reg_level(&self, nvar: usize) -> u32 {
        self.actvar[..nvar]
            .iter()
            .rev()
            .find(|v| v.kind != VarKind::CompileTime)
            .map_or(0, |v| v.ridx + 1)
    }

    /// Registers used by all active variables.
    pub fn nvarstack(&self) -> u32 {
        self.reg_level(self.nactvar)
    }

    pub fn check_stack(&mut self, n: u32) -> Result<(), Failure> {
        let new = self.free_reg + n;
        if new > self.p.max_stack as u32 {
            if new >= MAX_REGS {
                return Err(self
                    .fail("function or expression needs too many registers")
                    .near());
            }
            self.p.max_stack = new as u8;
        }
        Ok(())
    }

    pub fn reserve_regs(&mut self, n: u32) -> Result<(), Failure> {
        self.check_stack(n)?;
        self.free_reg += n;
        Ok(())
    }

    /// Release `reg` if it is a temporary (not a local variable).
    pub fn free_reg(&mut self, reg: u32) {
        if reg >= self.nvarstack() {
            self.free_reg -= 1;
            debug_assert_eq!(reg, self.free_reg, "registers freed out of order");
        }
    }

    // ---- closing --------------------------------------------------------------------------

    /// Final pass: returns learn whether they must close upvalues or fix a vararg frame,
    /// and jumps to jumps are short-circuited.
    pub fn finish(&mut self) -> Result<(), Failure> {
        let vararg = self.p.is_vararg;
        let nparams = self.p.num_params as u32;
        for pc in 0..self.pc() {
            let i = self.inst(pc);
            match i.opcode() {
                OpCode::Return0 | OpCode::Return1 | OpCode::Return | OpCode::TailCall => {
                    let mut i = i;
                    if matches!(i.opcode(), OpCode::Return0 | OpCode::Return1) {
                        if !(self.needclose || vararg) {
                            continue;
                        }
                        i = Instruction::abc(OpCode::Return, i.a() as u32, i.b() as u32, 0, false);
                    }
                    if self.needclose {
                        i = i.with_k(true);
                    }
                    if vararg {
                        i = i.with_c(nparams + 1);
                    }
                    self.set_inst(pc, i);
                }
                OpCode::Jmp => {
                    let target = self.final_target(pc);
                    self.fix_jump(pc, target)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn final_target(&self, mut pc: usize) -> usize {
        for _ in 0..100 {
            let i = self.inst(pc);
            if i.opcode() != OpCode::Jmp {
                break;
            }
            pc = (pc as i64 + i.sj() as i64 + 1) as usize;
        }
        pc
    }
}

pub(super) fn is_test(op: OpCode) -> bool {
    use OpCode::*;
    matches!(
        op,
        Eq | Lt | Le | EqK | EqI | LtI | LeI | GtI | GeI | Test | TestSet
    )
}

pub(super) fn fits_sbx(i: i64) -> bool {
    -(OFFSET_SBX as i64) <= i && i <= MAX_BX as i64 - OFFSET_SBX as i64
}

/// The integer a float is exactly equal to, if any (Lua's F2Ieq).
pub(super) fn float_as_int(f: f64) -> Option<i64> {
    crate::number::float_to_int_exact(f)
}

fn ceil_log2(x: u32) -> u32 {
    // Smallest l with 2^l >= x.
    let mut l = 0;
    while (1u64 << l) < x as u64 {
        l += 1;
    }
    l
}
