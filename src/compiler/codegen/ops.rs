//! Operators: constant folding, and the choice between register, constant (K) and
//! immediate (I) forms of each arithmetic and comparison instruction, as 5.4 makes it.

use super::exp::{int_to_sc, ExpDesc, ExpKind};
use super::fold::{fold_arith, ArithOp};
use super::func::FuncState;
use super::Failure;
use crate::compiler::ast::{BinOp, UnOp};
use crate::opcode::OpCode;
use crate::proto::Constant;
use crate::tagmethod::TagMethod;

type R<T> = Result<T, Failure>;

fn arith_op(op: BinOp) -> Option<ArithOp> {
    Some(match op {
        BinOp::Add => ArithOp::Add,
        BinOp::Sub => ArithOp::Sub,
        BinOp::Mul => ArithOp::Mul,
        BinOp::Mod => ArithOp::Mod,
        BinOp::Pow => ArithOp::Pow,
        BinOp::Div => ArithOp::Div,
        BinOp::IDiv => ArithOp::IDiv,
        BinOp::BAnd => ArithOp::BAnd,
        BinOp::BOr => ArithOp::BOr,
        BinOp::BXor => ArithOp::BXor,
        BinOp::Shl => ArithOp::Shl,
        BinOp::Shr => ArithOp::Shr,
        _ => return None,
    })
}

/// Register-register opcode and metamethod event of an arithmetic operator.
fn reg_op(op: ArithOp) -> (OpCode, TagMethod) {
    use ArithOp as A;
    match op {
        A::Add => (OpCode::Add, TagMethod::Add),
        A::Sub => (OpCode::Sub, TagMethod::Sub),
        A::Mul => (OpCode::Mul, TagMethod::Mul),
        A::Mod => (OpCode::Mod, TagMethod::Mod),
        A::Pow => (OpCode::Pow, TagMethod::Pow),
        A::Div => (OpCode::Div, TagMethod::Div),
        A::IDiv => (OpCode::IDiv, TagMethod::IDiv),
        A::BAnd => (OpCode::BAnd, TagMethod::BAnd),
        A::BOr => (OpCode::BOr, TagMethod::BOr),
        A::BXor => (OpCode::BXor, TagMethod::BXor),
        A::Shl => (OpCode::Shl, TagMethod::Shl),
        A::Shr => (OpCode::Shr, TagMethod::Shr),
        A::Unm | A::BNot => unreachable!("unary"),
    }
}

fn k_op(op: ArithOp) -> OpCode {
    use ArithOp as A;
    match op {
        A::Add => OpCode::AddK,
        A::Sub => OpCode::SubK,
        A::Mul => OpCode::MulK,
        A::Mod => OpCode::ModK,
        A::Pow => OpCode::PowK,
        A::Div => OpCode::DivK,
        A::IDiv => OpCode::IDivK,
        A::BAnd => OpCode::BAndK,
        A::BOr => OpCode::BOrK,
        A::BXor => OpCode::BXorK,
        _ => unreachable!("no K form"),
    }
}

/// Replace `e1` by `e1 op e2` when both are numerals and folding is safe.
fn const_folding(op: ArithOp, e1: &mut ExpDesc, e2: &ExpDesc) -> bool {
    let (Some(v1), Some(v2)) = (e1.numeral(), e2.numeral()) else {
        return false;
    };
    match fold_arith(op, &v1, &v2) {
        Some(Constant::Int(i)) => e1.k = ExpKind::KInt(i),
        // Neither NaN nor a zero (whose sign folding could get wrong) is folded.
        Some(Constant::Float(f)) if !f.is_nan() && f != 0.0 => e1.k = ExpKind::KFlt(f),
        _ => return false,
    }
    true
}

impl FuncState {
    pub fn prefix(&mut self, op: UnOp, e: &mut ExpDesc, line: u32) -> R<()> {
        self.discharge_vars(e);
        let zero = ExpDesc::new(ExpKind::KInt(0));
        match op {
            UnOp::Neg | UnOp::BNot => {
                let (aop, code) = if op == UnOp::Neg {
                    (ArithOp::Unm, OpCode::Unm)
                } else {
                    (ArithOp::BNot, OpCode::BNot)
                };
                if !const_folding(aop, e, &zero) {
                    self.code_unexp(code, e, line)?;
                }
            }
            UnOp::Len => self.code_unexp(OpCode::Len, e, line)?,
            UnOp::Not => self.code_not(e)?,
        }
        Ok(())
    }

    fn code_unexp(&mut self, op: OpCode, e: &mut ExpDesc, line: u32) -> R<()> {
        let r = self.exp_to_any_reg(e)?;
        self.free_exp(e);
        e.k = ExpKind::Reloc(self.abc(op, 0, r, 0));
        self.fix_line(line);
        Ok(())
    }

    /// Prepare the first operand before the second one is compiled.
    pub fn infix(&mut self, op: BinOp, v: &mut ExpDesc) -> R<()> {
        self.discharge_vars(v);
        match op {
            BinOp::And => self.go_if_true(v)?,
            BinOp::Or => self.go_if_false(v)?,
            BinOp::Concat => self.exp_to_next_reg(v)?,
            BinOp::Eq | BinOp::Ne => {
                if v.numeral().is_none() {
                    self.exp_to_rk(v)?;
                }
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                if v.sc_number().is_none() {
                    self.exp_to_any_reg(v)?;
                }
            }
            _ => {
                // Arithmetic: a numeral may still fold or become an immediate.
                if v.numeral().is_none() {
                    self.exp_to_any_reg(v)?;
                }
            }
        }
        Ok(())
    }

    /// Combine the operands once both are compiled; the result lands in `e1`.
    pub fn posfix(&mut self, op: BinOp, e1: &mut ExpDesc, mut e2: ExpDesc, line: u32) -> R<()> {
        self.discharge_vars(&mut e2);
        if let Some(aop) = arith_op(op) {
            if const_folding(aop, e1, &e2) {
                return Ok(());
            }
        }
        let e2 = &mut e2;
        match op {
            BinOp::And => {
                debug_assert!(e1.t.is_none());
                let mut f = e2.f;
                self.concat(&mut f, e1.f)?;
                e2.f = f;
                *e1 = e2.clone();
            }
            BinOp::Or => {
                debug_assert!(e1.f.is_none());
                let mut t = e2.t;
                self.concat(&mut t, e1.t)?;
                e2.t = t;
                *e1 = e2.clone();
            }
            BinOp::Concat => {
                self.exp_to_next_reg(e2)?;
                self.code_concat(e1, e2, line)?;
            }
            BinOp::Add | BinOp::Mul => {
                self.code_commutative(arith_op(op).unwrap(), e1, e2, line)?
            }
            BinOp::Sub => {
                if !self.finish_binexp_neg(e1, e2, OpCode::AddI, line, TagMethod::Sub)? {
                    self.code_arith(ArithOp::Sub, e1, e2, false, line)?;
                }
            }
            BinOp::Div | BinOp::IDiv | BinOp::Mod | BinOp::Pow => {
                self.code_arith(arith_op(op).unwrap(), e1, e2, false, line)?
            }
            BinOp::BAnd | BinOp::BOr | BinOp::BXor => {
                self.code_bitwise(arith_op(op).unwrap(), e1, e2, line)?
            }
            BinOp::Shl => {
                if e1.is_scint() {
                    std::mem::swap(e1, e2);
                    self.code_bini(OpCode::ShlI, e1, e2, true, line, TagMethod::Shl)?;
                } else if !self.finish_binexp_neg(e1, e2, OpCode::ShrI, line, TagMethod::Shl)? {
                    self.code_binexpval(ArithOp::Shl, e1, e2, line)?;
                }
            }
            BinOp::Shr => {
                if e2.is_scint() {
                    self.code_bini(OpCode::ShrI, e1, e2, false, line, TagMethod::Shr)?;
                } else {
                    self.code_binexpval(ArithOp::Shr, e1, e2, line)?;
                }
            }
            BinOp::Eq | BinOp::Ne => self.code_eq(op == BinOp::Eq, e1, e2)?,
            BinOp::Lt | BinOp::Le => self.code_order(op == BinOp::Lt, e1, e2)?,
            BinOp::Gt | BinOp::Ge => {
                // a > b is b < a: only the roles change, the evaluation order stays.
                std::mem::swap(e1, e2);
                self.code_order(op == BinOp::Gt, e1, e2)?;
            }
        }
        Ok(())
    }

    fn code_concat(&mut self, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> R<()> {
        if let Some(prev) = self.previous() {
            if prev.opcode() == OpCode::Concat {
                let n = prev.b() as u32;
                let ExpKind::NonReloc(r1) = e1.k else {
                    unreachable!()
                };
                self.free_exp(e2);
                let pc = self.pc() - 1;
                self.set_inst(pc, prev.with_a(r1).with_b(n + 1));
                return Ok(());
            }
        }
        let ExpKind::NonReloc(r1) = e1.k else {
            unreachable!()
        };
        self.abc(OpCode::Concat, r1, 2, 0);
        self.free_exp(e2);
        self.fix_line(line);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_binexpval(
        &mut self,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        op: OpCode,
        v2: u32,
        flip: bool,
        line: u32,
        mmop: OpCode,
        event: TagMethod,
    ) -> R<()> {
        let v1 = self.exp_to_any_reg(e1)?;
        let pc = self.abc(op, 0, v1, v2);
        self.free_exps(e1, e2);
        e1.k = ExpKind::Reloc(pc);
        e1.t = None;
        e1.f = None;
        self.fix_line(line);
        self.abck(mmop, v1, v2, event as u32, flip);
        self.fix_line(line);
        Ok(())
    }

    fn code_binexpval(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> R<()> {
        let (code, event) = reg_op(op);
        let v2 = self.exp_to_any_reg(e2)?;
        self.finish_binexpval(e1, e2, code, v2, false, line, OpCode::MmBin, event)
    }

    fn code_bini(
        &mut self,
        op: OpCode,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        flip: bool,
        line: u32,
        event: TagMethod,
    ) -> R<()> {
        let ExpKind::KInt(i) = e2.k else {
            unreachable!("immediate")
        };
        self.finish_binexpval(e1, e2, op, int_to_sc(i), flip, line, OpCode::MmBinI, event)
    }

    fn code_bin_k(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        flip: bool,
        line: u32,
    ) -> R<()> {
        let (_, event) = reg_op(op);
        let ExpKind::K(k) = e2.k else {
            unreachable!("K operand")
        };
        self.finish_binexpval(
            e1,
            e2,
            k_op(op),
            k as u32,
            flip,
            line,
            OpCode::MmBinK,
            event,
        )
    }

    /// `x - I` as `x + (-I)` and `x << I` as `x >> (-I)`; the metamethod still sees `I`.
    fn finish_binexp_neg(
        &mut self,
        e1: &mut ExpDesc,
        e2: &ExpDesc,
        op: OpCode,
        line: u32,
        event: TagMethod,
    ) -> R<bool> {
        let ExpKind::KInt(i2) = e2.k else {
            return Ok(false);
        };
        if e2.has_jumps() || !(super::exp::fits_c(i2) && super::exp::fits_c(-i2)) {
            return Ok(false);
        }
        self.finish_binexpval(
            e1,
            e2,
            op,
            int_to_sc(-i2),
            false,
            line,
            OpCode::MmBinI,
            event,
        )?;
        let pc = self.pc() - 1;
        let i = self.inst(pc).with_b(int_to_sc(i2));
        self.set_inst(pc, i);
        Ok(true)
    }

    fn code_bin_nok(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        flip: bool,
        line: u32,
    ) -> R<()> {
        if flip {
            std::mem::swap(e1, e2);
        }
        self.code_binexpval(op, e1, e2, line)
    }

    fn code_arith(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        flip: bool,
        line: u32,
    ) -> R<()> {
        if e2.numeral().is_some() && self.exp_to_k(e2) {
            self.code_bin_k(op, e1, e2, flip, line)
        } else {
            self.code_bin_nok(op, e1, e2, flip, line)
        }
    }

    fn code_commutative(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> R<()> {
        let mut flip = false;
        if e1.numeral().is_some() {
            std::mem::swap(e1, e2);
            flip = true;
        }
        if op == ArithOp::Add && e2.is_scint() {
            self.code_bini(OpCode::AddI, e1, e2, flip, line, TagMethod::Add)
        } else {
            self.code_arith(op, e1, e2, flip, line)
        }
    }

    fn code_bitwise(
        &mut self,
        op: ArithOp,
        e1: &mut ExpDesc,
        e2: &mut ExpDesc,
        line: u32,
    ) -> R<()> {
        let mut flip = false;
        if matches!(e1.k, ExpKind::KInt(_)) {
            std::mem::swap(e1, e2);
            flip = true;
        }
        if matches!(e2.k, ExpKind::KInt(_)) && self.exp_to_k(e2) {
            self.code_bin_k(op, e1, e2, flip, line)
        } else {
            self.code_bin_nok(op, e1, e2, flip, line)
        }
    }

    fn code_order(&mut self, lt: bool, e1: &mut ExpDesc, e2: &mut ExpDesc) -> R<()> {
        let (op, r1, r2, isfloat);
        if let Some((im, fl)) = e2.sc_number() {
            r1 = self.exp_to_any_reg(e1)?;
            r2 = im;
            isfloat = fl;
            op = if lt { OpCode::LtI } else { OpCode::LeI };
        } else if let Some((im, fl)) = e1.sc_number() {
            r1 = self.exp_to_any_reg(e2)?;
            r2 = im;
            isfloat = fl;
            op = if lt { OpCode::GtI } else { OpCode::GeI };
        } else {
            r1 = self.exp_to_any_reg(e1)?;
            r2 = self.exp_to_any_reg(e2)?;
            isfloat = false;
            op = if lt { OpCode::Lt } else { OpCode::Le };
        }
        self.free_exps(e1, e2);
        e1.k = ExpKind::Jmp(self.cond_jump(op, r1, r2, isfloat as u32, true));
        e1.t = None;
        e1.f = None;
        Ok(())
    }

    fn code_eq(&mut self, eq: bool, e1: &mut ExpDesc, e2: &mut ExpDesc) -> R<()> {
        if !matches!(e1.k, ExpKind::NonReloc(_)) {
            // The first operand was left as a constant by `infix`: use it second.
            std::mem::swap(e1, e2);
        }
        let r1 = self.exp_to_any_reg(e1)?;
        let (op, r2, isfloat);
        if let Some((im, fl)) = e2.sc_number() {
            op = OpCode::EqI;
            r2 = im;
            isfloat = fl;
        } else if self.exp_to_rk(e2)? {
            op = OpCode::EqK;
            let ExpKind::K(k) = e2.k else { unreachable!() };
            r2 = k as u32;
            isfloat = false;
        } else {
            op = OpCode::Eq;
            r2 = self.exp_to_any_reg(e2)?;
            isfloat = false;
        }
        self.free_exps(e1, e2);
        e1.k = ExpKind::Jmp(self.cond_jump(op, r1, r2, isfloat as u32, eq));
        e1.t = None;
        e1.f = None;
        Ok(())
    }
}
