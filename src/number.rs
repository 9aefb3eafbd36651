//! Number semantics shared by the lexer, the VM and the library (stub: being written).

/// `i == f` exactly, as Lua compares an integer with a float.
pub fn int_eq_float(i: i64, f: f64) -> bool {
    float_to_int_exact(f) == Some(i)
}

/// The integer equal to `f`, if `f` has an exact integer value in range.
pub fn float_to_int_exact(f: f64) -> Option<i64> {
    if f.fract() == 0.0 && f >= -9.223_372_036_854_775_808e18 && f < 9.223_372_036_854_775_808e18 {
        Some(f as i64)
    } else {
        None
    }
}
