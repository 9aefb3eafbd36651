//! Number semantics shared by the lexer, the VM and the library: numeral parsing, `tostring`
//! of numbers, integer/float arithmetic corner cases and exact mixed comparisons, all as Lua 5.4
//! on Linux (glibc) behaves. Float-to-decimal conversion is exact (big-integer based) so that
//! `%.14g` and `string.format` agree with C's printf to the last digit.

/// A Lua number: the two subtypes are distinct values for `math.type` and formatting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

/// Float-to-integer conversion modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum F2I {
    /// Only floats with an exact integer value convert.
    Exact,
    /// Round towards minus infinity first.
    Floor,
    /// Round towards plus infinity first.
    Ceil,
}

/// 2^63 as a float: the first float past `i64::MAX`.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// `i == f` exactly, as Lua compares an integer with a float.
pub fn int_eq_float(i: i64, f: f64) -> bool {
    float_to_int_exact(f) == Some(i)
}

/// The integer equal to `f`, if `f` has an exact integer value in range.
pub fn float_to_int_exact(f: f64) -> Option<i64> {
    float_to_int(f, F2I::Exact)
}

/// Converts `f` to an integer after rounding by `mode`; `None` if out of range, NaN, or (for
/// `Exact`) not integral.
pub fn float_to_int(f: f64, mode: F2I) -> Option<i64> {
    let r = match mode {
        F2I::Exact if f.floor() != f => return None,
        F2I::Exact => f,
        F2I::Floor => f.floor(),
        F2I::Ceil => f.ceil(),
    };
    // The comparisons are false for NaN; the upper bound is exclusive because 2^63 overflows.
    if (-TWO_63..TWO_63).contains(&r) {
        Some(r as i64)
    } else {
        None
    }
}

/// The integer a number denotes for bitwise operations and integer-only arguments: integers as
/// they are, floats only when they have an exact integer value.
pub fn to_integer_strict(n: Number) -> Option<i64> {
    match n {
        Number::Int(i) => Some(i),
        Number::Float(f) => float_to_int(f, F2I::Exact),
    }
}

/// Floor division `a // b`; `None` iff `b == 0`. Wraps like two's complement (`MIN // -1 == MIN`).
#[inline]
pub fn int_floor_div(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    if b == -1 {
        return Some(a.wrapping_neg());
    }
    let q = a / b;
    // Truncation rounded towards zero; a negative inexact quotient must go one lower.
    Some(if a % b != 0 && (a ^ b) < 0 { q - 1 } else { q })
}

/// Modulo `a % b` with the sign of the divisor; `None` iff `b == 0`.
#[inline]
pub fn int_mod(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    if b == -1 {
        return Some(0);
    }
    let r = a % b;
    Some(if r != 0 && (r ^ b) < 0 { r + b } else { r })
}

/// Float floor division: the floor of the true quotient.
#[inline]
pub fn float_floor_div(a: f64, b: f64) -> f64 {
    (a / b).floor()
}

/// Float modulo with the sign of the divisor. C's fmod keeps the dividend's sign, so a nonzero
/// remainder of the other sign is moved by one divisor (giving `b` itself for an infinite `b`).
#[inline]
pub fn float_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if (m > 0.0 && b < 0.0) || (m < 0.0 && b > 0.0) {
        m + b
    } else {
        m
    }
}

/// `a ^ b`; squaring is done by multiplication, as Lua does, so it rounds once.
#[inline]
pub fn float_pow(a: f64, b: f64) -> f64 {
    if b == 2.0 {
        a * a
    } else {
        a.powf(b)
    }
}

/// Logical shift left by `n` bits; negative `n` shifts right; shifts of 64 or more give 0.
#[inline]
pub fn shift_left(a: i64, n: i64) -> i64 {
    if n <= -64 || n >= 64 {
        0
    } else if n >= 0 {
        ((a as u64) << n) as i64
    } else {
        ((a as u64) >> -n) as i64
    }
}

/// Logical shift right by `n` bits (the inverse direction of [`shift_left`]).
#[inline]
pub fn shift_right(a: i64, n: i64) -> i64 {
    if n <= -64 {
        0
    } else {
        shift_left(a, -n)
    }
}

/// Integers of at most 53 bits convert to floats exactly, so they compare as floats directly.
fn fits_float(i: i64) -> bool {
    i.unsigned_abs() <= 1 << 53
}

/// `i < f`, exactly. For large integers compare against the rounded float instead:
/// `i < f` iff `i < ceil(f)`; out of range means `f` is beyond every integer (or NaN).
pub fn lt_int_float(i: i64, f: f64) -> bool {
    if fits_float(i) {
        return (i as f64) < f;
    }
    match float_to_int(f, F2I::Ceil) {
        Some(c) => i < c,
        None => f > 0.0,
    }
}

/// `i <= f`, exactly (`i <= floor(f)`).
pub fn le_int_float(i: i64, f: f64) -> bool {
    if fits_float(i) {
        return (i as f64) <= f;
    }
    match float_to_int(f, F2I::Floor) {
        Some(c) => i <= c,
        None => f > 0.0,
    }
}

/// `f < i`, exactly (`floor(f) < i`).
pub fn lt_float_int(f: f64, i: i64) -> bool {
    if fits_float(i) {
        return f < i as f64;
    }
    match float_to_int(f, F2I::Floor) {
        Some(c) => c < i,
        None => f < 0.0,
    }
}

/// `f <= i`, exactly (`ceil(f) <= i`).
pub fn le_float_int(f: f64, i: i64) -> bool {
    if fits_float(i) {
        return f <= i as f64;
    }
    match float_to_int(f, F2I::Ceil) {
        Some(c) => c <= i,
        None => f < 0.0,
    }
}

// ---------------------------------------------------------------------------------------------
// Numeral parsing

/// The whitespace C's `isspace` accepts in the "C" locale.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn hex_value(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// Parses a Lua numeral as `tonumber` and string coercion do: surrounding whitespace, an
/// optional sign, decimal or hex integers (decimal ones that overflow become floats, hex ones
/// wrap modulo 2^64), decimal floats and hex floats. `None` unless the whole string is a numeral.
pub fn str_to_number(s: &[u8]) -> Option<Number> {
    let start = s.iter().position(|&c| !is_space(c))?;
    let end = s.iter().rposition(|&c| !is_space(c))? + 1;
    let body = &s[start..end];
    let (neg, digits) = match body.first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    if let Some(i) = parse_int(digits, neg) {
        return Some(Number::Int(i));
    }
    // Negating the magnitude is exact, so the sign can be applied after rounding.
    let f = parse_float(digits)?;
    Some(Number::Float(if neg { -f } else { f }))
}

/// An integer numeral (sign already stripped, `neg` tells it); `None` if it is not one or a
/// decimal one overflows. Hex numerals wrap instead.
fn parse_int(s: &[u8], neg: bool) -> Option<i64> {
    if let Some(hex) = strip_hex_prefix(s) {
        if hex.is_empty() {
            return None;
        }
        let mut v: u64 = 0;
        for &c in hex {
            v = v.wrapping_mul(16).wrapping_add(hex_value(c)? as u64);
        }
        return Some(if neg { v.wrapping_neg() } else { v } as i64);
    }
    if s.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((c - b'0') as u64)?;
    }
    // The magnitude of i64::MIN is one past i64::MAX.
    if v > i64::MAX as u64 + neg as u64 {
        return None;
    }
    Some(if neg { v.wrapping_neg() } else { v } as i64)
}

fn strip_hex_prefix(s: &[u8]) -> Option<&[u8]> {
    match s {
        [b'0', b'x' | b'X', rest @ ..] => Some(rest),
        _ => None,
    }
}

/// A float numeral without sign; no "inf"/"nan".
fn parse_float(s: &[u8]) -> Option<f64> {
    if let Some(hex) = strip_hex_prefix(s) {
        return parse_hex_float(hex);
    }
    let mut i = 0;
    let int_digits = count_while(&s[i..], |c| c.is_ascii_digit());
    i += int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = count_while(&s[i..], |c| c.is_ascii_digit());
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = count_while(&s[i..], |c| c.is_ascii_digit());
        if exp_digits == 0 {
            return None;
        }
        i += exp_digits;
    }
    if i != s.len() {
        return None;
    }
    // The grammar is checked above; Rust's parser rounds correctly, as glibc's strtod does.
    std::str::from_utf8(s).ok()?.parse().ok()
}

fn count_while(s: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    s.iter().take_while(|&&c| pred(c)).count()
}

/// Hex float after "0x": hex digits with an optional point, optional binary exponent `p[+-]d+`.
/// Rounds to nearest-even like strtod, however many digits are given.
fn parse_hex_float(s: &[u8]) -> Option<f64> {
    let mut mant: u64 = 0;
    let mut exp: i64 = 0; // value = (mant + sticky) * 2^exp
    let mut sticky = false;
    let mut any_digit = false;
    let mut seen_point = false;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c == b'.' && !seen_point {
            seen_point = true;
        } else if let Some(d) = hex_value(c) {
            any_digit = true;
            if mant >> 58 == 0 {
                mant = mant << 4 | d as u64;
                if seen_point {
                    exp -= 4;
                }
            } else {
                // Out of mantissa room: integer digits scale, fraction digits only stick.
                sticky |= d != 0;
                if !seen_point {
                    exp += 4;
                }
            }
        } else {
            break;
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if matches!(s.get(i), Some(b'p' | b'P')) {
        i += 1;
        let neg = match s.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let n = count_while(&s[i..], |c| c.is_ascii_digit());
        if n == 0 {
            return None;
        }
        // Saturate: anything this large is already far past the float range.
        let e = s[i..i + n]
            .iter()
            .fold(0i64, |acc, &c| (acc * 10 + (c - b'0') as i64).min(1 << 40));
        exp += if neg { -e } else { e };
        i += n;
    }
    if i != s.len() {
        return None;
    }
    Some(bits_to_float(mant, exp, sticky))
}

/// Rounds `(mant + sticky) * 2^exp` (sticky meaning "a little more than mant") to a double.
fn bits_to_float(mant: u64, exp: i64, sticky: bool) -> f64 {
    if mant == 0 {
        return 0.0;
    }
    let shift = mant.leading_zeros() as i64;
    let m = mant << shift;
    let exp = exp - shift; // m in [2^63, 2^64)
    if exp + 63 > 1023 {
        return f64::INFINITY;
    }
    // Bits to drop so the kept unit is 2^(exp+drop): 11 for normals, more for subnormals.
    let drop = 11.max(-1074 - exp);
    if drop > 64 {
        return 0.0;
    }
    let wide = m as u128;
    let mut q = (wide >> drop) as u64;
    let rem = wide & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    if rem > half || (rem == half && (sticky || q & 1 == 1)) {
        q += 1;
    }
    // q <= 2^53 and the scale is a representable power of two, so the product is exact
    // (or overflows to infinity when rounding carried past the largest finite value).
    q as f64 * pow2(exp + drop)
}

fn pow2(e: i64) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}

// ---------------------------------------------------------------------------------------------
// Formatting

/// `tostring` of an integer.
pub fn fmt_int(i: i64) -> String {
    i.to_string()
}

/// Appends `tostring` of an integer.
pub fn write_int(out: &mut Vec<u8>, i: i64) {
    let mut buf = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[at..]);
}

/// `tostring` of a float: `%.14g`, plus ".0" when that looks like an integer.
pub fn fmt_float(f: f64) -> String {
    let mut out = Vec::with_capacity(24);
    write_float(&mut out, f);
    // Only ASCII is ever written.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends `tostring` of a float.
pub fn write_float(out: &mut Vec<u8>, f: f64) {
    if f.is_sign_negative() {
        out.push(b'-');
    }
    let a = f.abs();
    if a.is_nan() {
        out.extend_from_slice(b"nan");
        return;
    }
    if a.is_infinite() {
        out.extend_from_slice(b"inf");
        return;
    }
    // Small integral values print all their digits; skip the exact expansion for them.
    if a.fract() == 0.0 && a < 1e14 {
        write_int(out, a as i64);
        out.extend_from_slice(b".0");
        return;
    }
    let start = out.len();
    write_g(out, a, 14, false, false);
    if out[start..].iter().all(u8::is_ascii_digit) {
        out.extend_from_slice(b".0");
    }
}

/// The exact decimal expansion of a finite float's magnitude: `(digits, point)` with
/// `|f| = 0.d1 d2 d3 ... × 10^point`, digits as ASCII without trailing zeros (empty for zero).
pub fn exact_decimal(f: f64) -> (Vec<u8>, i32) {
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (mut mant, mut exp) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, biased - 1075)
    };
    if mant == 0 {
        return (Vec::new(), 0);
    }
    let tz = mant.trailing_zeros() as i32;
    mant >>= tz;
    exp += tz;
    let mut n = BigDec::from_u64(mant);
    let scale = if exp >= 0 {
        n.mul_pow(2, exp as u32, 31);
        0
    } else {
        // m * 2^-k == m * 5^k / 10^k
        n.mul_pow(5, (-exp) as u32, 13);
        -exp
    };
    let mut digits = n.to_digits();
    let point = digits.len() as i32 - scale;
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, point)
}

/// A nonnegative big integer in base 10^9, little-endian, just enough for exact expansion.
struct BigDec(Vec<u32>);

const LIMB: u64 = 1_000_000_000;

impl BigDec {
    fn from_u64(mut v: u64) -> Self {
        let mut limbs = Vec::with_capacity(8);
        while v > 0 {
            limbs.push((v % LIMB) as u32);
            v /= LIMB;
        }
        BigDec(limbs)
    }

    /// Multiplies by `base^exp`, `chunk` powers at a time (the chunk must stay below 2^32).
    fn mul_pow(&mut self, base: u64, mut exp: u32, chunk: u32) {
        while exp > 0 {
            let k = exp.min(chunk);
            self.mul_small(base.pow(k));
            exp -= k;
        }
    }

    fn mul_small(&mut self, k: u64) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let v = *limb as u64 * k + carry;
            *limb = (v % LIMB) as u32;
            carry = v / LIMB;
        }
        while carry > 0 {
            self.0.push((carry % LIMB) as u32);
            carry /= LIMB;
        }
    }

    fn to_digits(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.0.len() * 9);
        if let Some((top, rest)) = self.0.split_last() {
            out.extend_from_slice(top.to_string().as_bytes());
            for &limb in rest.iter().rev() {
                let mut v = limb;
                let at = out.len();
                out.resize(at + 9, b'0');
                for slot in out[at..].iter_mut().rev() {
                    *slot = b'0' + (v % 10) as u8;
                    v /= 10;
                }
            }
        }
        out
    }
}

/// Rounds an expansion to its first `keep` digits (which may be zero or negative: a position left
/// of the first digit), half to even on the exact value, as glibc's printf does. Returns the new
/// point; `digits` ends up with at most `max(keep, 1)` digits.
fn round_digits(digits: &mut Vec<u8>, point: i32, keep: i64) -> i32 {
    if keep < 0 {
        digits.clear();
        return point;
    }
    let k = keep as usize;
    if k >= digits.len() {
        return point;
    }
    let next = digits[k];
    let up = match next.cmp(&b'5') {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        // Trailing zeros were stripped, so anything after a '5' means "more than half".
        std::cmp::Ordering::Equal => {
            digits.len() > k + 1 || (k > 0 && (digits[k - 1] - b'0') % 2 == 1)
        }
    };
    digits.truncate(k);
    if !up {
        return point;
    }
    while let Some(d) = digits.pop() {
        if d != b'9' {
            digits.push(d + 1);
            return point;
        }
    }
    // Every kept digit was a 9 (or none was kept): the value became a power of ten.
    digits.push(b'1');
    point + 1
}

fn digit_at(digits: &[u8], i: i64) -> u8 {
    usize::try_from(i)
        .ok()
        .and_then(|i| digits.get(i))
        .copied()
        .unwrap_or(b'0')
}

/// `%e` body of a finite nonnegative value: mantissa, precision digits, exponent of 2+ digits.
pub fn write_e(out: &mut Vec<u8>, a: f64, prec: usize, alt: bool, upper: bool) {
    let (mut digits, point) = exact_decimal(a);
    let point = round_digits(&mut digits, point, prec as i64 + 1);
    let exp10 = if digits.is_empty() { 0 } else { point - 1 };
    write_e_digits(out, &digits, exp10, prec, alt, upper);
}

fn write_e_digits(
    out: &mut Vec<u8>,
    digits: &[u8],
    exp10: i32,
    prec: usize,
    alt: bool,
    upper: bool,
) {
    out.push(digit_at(digits, 0));
    if prec > 0 || alt {
        out.push(b'.');
    }
    out.extend((1..=prec as i64).map(|i| digit_at(digits, i)));
    out.push(if upper { b'E' } else { b'e' });
    out.push(if exp10 < 0 { b'-' } else { b'+' });
    let e = exp10.unsigned_abs();
    if e < 10 {
        out.push(b'0');
    }
    out.extend_from_slice(e.to_string().as_bytes());
}

/// `%f` body of a finite nonnegative value.
pub fn write_fixed(out: &mut Vec<u8>, a: f64, prec: usize, alt: bool) {
    let (mut digits, point) = exact_decimal(a);
    let point = round_digits(&mut digits, point, point as i64 + prec as i64);
    write_fixed_digits(out, &digits, point, prec, alt);
}

fn write_fixed_digits(out: &mut Vec<u8>, digits: &[u8], point: i32, prec: usize, alt: bool) {
    if point <= 0 {
        out.push(b'0');
    } else {
        out.extend((0..point as i64).map(|i| digit_at(digits, i)));
    }
    if prec > 0 || alt {
        out.push(b'.');
    }
    out.extend((0..prec as i64).map(|i| digit_at(digits, point as i64 + i)));
}

/// `%g` body of a finite nonnegative value: `prec` significant digits (0 counts as 1), `%e`
/// style when the exponent is below -4 or not below the precision, trailing zeros dropped
/// unless `alt`.
pub fn write_g(out: &mut Vec<u8>, a: f64, prec: usize, alt: bool, upper: bool) {
    let p = prec.max(1);
    let (mut digits, point0) = exact_decimal(a);
    let point = round_digits(&mut digits, point0, p as i64);
    let x = if digits.is_empty() {
        0
    } else {
        point as i64 - 1
    };
    let start = out.len();
    let exp_style = x < -4 || x >= p as i64;
    if exp_style {
        // glibc quirk: when the unrounded value had exactly `p` integer digits and rounding
        // carried into one more, it keeps the fixed-style fraction count (none); only visible
        // with '#', e.g. "%#.2g" of 99.5 is "1.e+02" rather than "1.0e+02".
        let carried_out_of_fixed = point0 as i64 == p as i64 && x == p as i64;
        let frac = if carried_out_of_fixed { 0 } else { p - 1 };
        write_e_digits(out, &digits, x as i32, frac, alt, upper);
    } else {
        // Same significant digits, so no second rounding is needed.
        let point = if digits.is_empty() { 1 } else { point };
        write_fixed_digits(out, &digits, point, (p as i64 - 1 - x) as usize, alt);
    }
    if !alt {
        strip_fraction_zeros(out, start, exp_style);
    }
}

/// Removes trailing zeros of the fraction (and a bare point) in `out[start..]`, keeping any
/// exponent suffix in place.
fn strip_fraction_zeros(out: &mut Vec<u8>, start: usize, exp_style: bool) {
    let body = &out[start..];
    let Some(dot) = body.iter().position(|&c| c == b'.') else {
        return;
    };
    let mant_end = if exp_style {
        body.iter()
            .position(|&c| c == b'e' || c == b'E')
            .unwrap_or(body.len())
    } else {
        body.len()
    };
    let mut cut = mant_end;
    while cut > dot + 1 && body[cut - 1] == b'0' {
        cut -= 1;
    }
    if cut == dot + 1 {
        cut = dot;
    }
    out.drain(start + cut..start + mant_end);
}

/// The arithmetic and bitwise operators, shared by constant folding and the VM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
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

impl ArithOp {
    /// In declaration order, which is also the order of the tag methods `__add`..`__bnot`
    /// and of the opcodes `ADD`..`SHR` and `ADDK`..`BXORK`.
    pub const ALL: [ArithOp; 14] = {
        use ArithOp::*;
        [
            Add, Sub, Mul, Mod, Pow, Div, IDiv, BAnd, BOr, BXor, Shl, Shr, Unm, BNot,
        ]
    };

    pub fn is_bitwise(self) -> bool {
        use ArithOp::*;
        matches!(self, BAnd | BOr | BXor | Shl | Shr | BNot)
    }
}

/// Why an operation on two numbers has no result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    /// Integer `//` by zero.
    DivideByZero,
    /// Integer `%` by zero.
    ModuloByZero,
    /// A bitwise operand is a float without an integer value.
    NoIntegerRep,
}

/// `a op b` on numbers with Lua 5.4's rules: integer arithmetic wraps, `/` and `^` are
/// always float, bitwise operators need integer values. Unary operators ignore `b`.
#[inline]
pub fn arith(op: ArithOp, a: Number, b: Number) -> Result<Number, ArithError> {
    use ArithOp::*;
    if op.is_bitwise() {
        let (x, y) = match (to_integer_strict(a), to_integer_strict(b)) {
            (Some(x), Some(y)) => (x, y),
            _ => return Err(ArithError::NoIntegerRep),
        };
        return Ok(Number::Int(match op {
            BAnd => x & y,
            BOr => x | y,
            BXor => x ^ y,
            Shl => shift_left(x, y),
            Shr => shift_right(x, y),
            _ => !x,
        }));
    }
    if let (Number::Int(x), Number::Int(y)) = (a, b) {
        match op {
            Add => return Ok(Number::Int(x.wrapping_add(y))),
            Sub => return Ok(Number::Int(x.wrapping_sub(y))),
            Mul => return Ok(Number::Int(x.wrapping_mul(y))),
            Unm => return Ok(Number::Int(x.wrapping_neg())),
            IDiv => {
                return int_floor_div(x, y)
                    .map(Number::Int)
                    .ok_or(ArithError::DivideByZero)
            }
            Mod => {
                return int_mod(x, y)
                    .map(Number::Int)
                    .ok_or(ArithError::ModuloByZero)
            }
            _ => {}
        }
    }
    let as_f = |n: Number| match n {
        Number::Int(i) => i as f64,
        Number::Float(f) => f,
    };
    let (x, y) = (as_f(a), as_f(b));
    Ok(Number::Float(match op {
        Add => x + y,
        Sub => x - y,
        Mul => x * y,
        Div => x / y,
        Pow => float_pow(x, y),
        IDiv => float_floor_div(x, y),
        Mod => float_mod(x, y),
        _ => -x,
    }))
}
