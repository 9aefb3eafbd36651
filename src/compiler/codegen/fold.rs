//! Compile-time arithmetic on numeric constants, with Lua's integer/float rules. Only
//! operations that cannot raise an error are folded (no division by zero, no bitwise
//! operation on a non-integral float), so behaviour is the same as at run time.

use crate::proto::Constant;

pub(super) use crate::number::ArithOp;
use crate::number::{arith, Number};

fn to_number(c: &Constant) -> Option<Number> {
    match c {
        Constant::Int(i) => Some(Number::Int(*i)),
        Constant::Float(f) => Some(Number::Float(*f)),
        _ => None,
    }
}

/// `a op b` (for unary operators `b` is ignored), or None when it must not be folded:
/// division by zero is left for run time, where it raises its error or gives inf/nan.
pub(super) fn fold_arith(op: ArithOp, a: &Constant, b: &Constant) -> Option<Constant> {
    use ArithOp::*;
    let (x, y) = (to_number(a)?, to_number(b)?);
    if matches!(op, Div | IDiv | Mod) {
        let zero = match y {
            Number::Int(i) => i == 0,
            Number::Float(f) => f == 0.0,
        };
        if zero {
            return None;
        }
    }
    match arith(op, x, y).ok()? {
        Number::Int(i) => Some(Constant::Int(i)),
        Number::Float(f) => Some(Constant::Float(f)),
    }
}
