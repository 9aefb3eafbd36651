//! Compile-time arithmetic on numeric constants, with Lua's integer/float rules. Only
//! operations that cannot raise an error are folded (no division by zero, no bitwise
//! operation on a non-integral float), so behaviour is the same as at run time.

use super::func::float_as_int;
use crate::proto::Constant;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ArithOp {
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Unm,
    BNot,
}

fn to_float(c: &Constant) -> f64 {
    match c {
        Constant::Int(i) => *i as f64,
        Constant::Float(f) => *f,
        _ => unreachable!("numeral"),
    }
}

fn to_int(c: &Constant) -> Option<i64> {
    match c {
        Constant::Int(i) => Some(*i),
        Constant::Float(f) => float_as_int(*f),
        _ => None,
    }
}

pub(super) fn shift_left(x: i64, y: i64) -> i64 {
    if y <= -64 || y >= 64 {
        0
    } else if y >= 0 {
        ((x as u64) << y) as i64
    } else {
        ((x as u64) >> -y) as i64
    }
}

pub(super) fn int_floor_div(m: i64, n: i64) -> i64 {
    if n == -1 {
        return m.wrapping_neg();
    }
    let q = m / n;
    if (m ^ n) < 0 && m % n != 0 {
        q - 1
    } else {
        q
    }
}

pub(super) fn int_mod(m: i64, n: i64) -> i64 {
    if n == -1 {
        return 0;
    }
    let r = m % n;
    if r != 0 && (r ^ n) < 0 {
        r + n
    } else {
        r
    }
}

pub(super) fn float_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if if m > 0.0 { b < 0.0 } else { m < 0.0 && b != m } {
        m + b
    } else {
        m
    }
}

/// `a op b` (for unary operators `b` is ignored), or None when it must not be folded.
pub(super) fn fold_arith(op: ArithOp, a: &Constant, b: &Constant) -> Option<Constant> {
    use ArithOp::*;
    match op {
        BAnd | BOr | BXor | Shl | Shr | BNot => {
            let (x, y) = (to_int(a)?, to_int(b)?);
            Some(Constant::Int(match op {
                BAnd => x & y,
                BOr => x | y,
                BXor => x ^ y,
                Shl => shift_left(x, y),
                Shr => shift_left(x, y.wrapping_neg()),
                _ => !x,
            }))
        }
        Div | IDiv | Mod if to_float(b) == 0.0 => None,
        _ => {
            if let (Constant::Int(x), Constant::Int(y)) = (a, b) {
                let (x, y) = (*x, *y);
                let r = match op {
                    Add => Some(x.wrapping_add(y)),
                    Sub => Some(x.wrapping_sub(y)),
                    Mul => Some(x.wrapping_mul(y)),
                    IDiv => Some(int_floor_div(x, y)),
                    Mod => Some(int_mod(x, y)),
                    Unm => Some(x.wrapping_neg()),
                    _ => None,
                };
                if let Some(r) = r {
                    return Some(Constant::Int(r));
                }
            }
            let (x, y) = (to_float(a), to_float(b));
            Some(Constant::Float(match op {
                Add => x + y,
                Sub => x - y,
                Mul => x * y,
                Div => x / y,
                Pow => {
                    if y == 2.0 {
                        x * x
                    } else {
                        x.powf(y)
                    }
                }
                IDiv => (x / y).floor(),
                Mod => float_mod(x, y),
                Unm => -x,
                _ => unreachable!(),
            }))
        }
    }
}
