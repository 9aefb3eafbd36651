//! C printf conversions as `string.format` uses them, byte-for-byte as Lua 5.4 on glibc: spec
//! validation with Lua's messages, then each conversion's padding, sign, precision and
//! alternate-form rules. Decimal digits come from the exact expansion in [`crate::number`].

use crate::number;

/// One conversion specification: `%[flags][width][.precision]conv`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    /// `-`: pad on the right.
    pub minus: bool,
    /// `+`: always print a sign for signed conversions.
    pub plus: bool,
    /// ` `: a space where a plus sign would go.
    pub space: bool,
    /// `#`: alternate form (radix prefix, forced point, kept zeros).
    pub hash: bool,
    /// `0`: pad numbers with zeros after the sign/prefix.
    pub zero: bool,
    pub width: Option<usize>,
    pub precision: Option<usize>,
    /// The conversion letter (`b'%'` for a literal percent).
    pub conv: u8,
}

/// Lua keeps a spec, with its '%' and terminator, in a 32-byte buffer and reserves 10 of them.
const MAX_SPEC: usize = 32 - 10;

/// Bytes Lua lets through before the conversion letter; which of them are legal depends on it.
fn is_spec_byte(c: u8) -> bool {
    matches!(c, b'-' | b'+' | b' ' | b'#' | b'0'..=b'9' | b'.')
}

/// A spec whose conversion letter is known. lua5.4 checks the flags, width and precision only
/// when it formats the argument, and for some letters after checking the argument itself, so
/// their error waits in `invalid` until the caller reaches that point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scanned {
    /// As far as it could be read; complete when `invalid` is `None`.
    pub spec: Spec,
    /// Bytes used after the '%', the conversion letter included.
    pub used: usize,
    /// Anything at all stood between the '%' and the letter.
    pub modified: bool,
    /// Lua's message for modifiers that this conversion does not take.
    pub invalid: Option<String>,
}

impl Scanned {
    /// The spec, or Lua's message for its modifiers.
    pub fn checked(&self) -> Result<Spec, String> {
        match &self.invalid {
            None => Ok(self.spec),
            Some(m) => Err(m.clone()),
        }
    }
}

/// Parses the spec that follows a '%' and returns it with the number of bytes it used (the
/// conversion letter included). "%%" yields `conv == b'%'`. Errors carry Lua's messages.
pub fn parse_spec(fmt: &[u8]) -> Result<(Spec, usize), String> {
    let scanned = scan_spec(fmt)?;
    Ok((scanned.checked()?, scanned.used))
}

/// Reads the spec that follows a '%'. Fails at once on what lua5.4 rejects before it looks at
/// the argument (a spec too long, an unknown letter, `%q` with modifiers); the modifier check
/// is left in [`Scanned::invalid`].
pub fn scan_spec(fmt: &[u8]) -> Result<Scanned, String> {
    if fmt.first() == Some(&b'%') {
        let spec = Spec {
            conv: b'%',
            ..Spec::default()
        };
        return Ok(Scanned {
            spec,
            used: 1,
            modified: false,
            invalid: None,
        });
    }
    let span = fmt.iter().take_while(|&&c| is_spec_byte(c)).count();
    if span + 1 >= MAX_SPEC {
        return Err("invalid format (too long)".to_string());
    }
    // A missing letter reads as the string's terminator, which ends the quoted form.
    let conv = fmt.get(span).copied().unwrap_or(0);
    let form = || {
        let end = if conv == 0 { span } else { span + 1 };
        format!("%{}", String::from_utf8_lossy(&fmt[..end]))
    };
    let (flags, precision_ok): (&[u8], bool) = match conv {
        b'c' | b'p' => (b"-", false),
        b's' => (b"-", true),
        b'd' | b'i' => (b"-+0 ", true),
        b'u' => (b"-0", true),
        b'o' | b'x' | b'X' => (b"-#0", true),
        b'a' | b'A' | b'e' | b'E' | b'f' | b'g' | b'G' => (b"-+#0 ", true),
        b'q' if span == 0 => (b"", false),
        b'q' => return Err("specifier '%q' cannot have modifiers".to_string()),
        _ => return Err(format!("invalid conversion '{}' to 'format'", form())),
    };
    let mut spec = Spec {
        conv,
        ..Spec::default()
    };
    let mut i = 0;
    while i < span && flags.contains(&fmt[i]) {
        match fmt[i] {
            b'-' => spec.minus = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.hash = true,
            _ => spec.zero = true,
        }
        i += 1;
    }
    // A '0' not taken as a flag cannot start a width, so it falls through to the error.
    if fmt[i] != b'0' {
        let (w, n) = two_digits(&fmt[i..span]);
        spec.width = w;
        i += n;
        if precision_ok && i < span && fmt[i] == b'.' {
            let (p, n) = two_digits(&fmt[i + 1..span]);
            spec.precision = Some(p.unwrap_or(0));
            i += 1 + n;
        }
    }
    let invalid = (i != span).then(|| format!("invalid conversion specification: '{}'", form()));
    Ok(Scanned {
        spec,
        used: span + 1,
        modified: span > 0,
        invalid,
    })
}

/// Up to two leading decimal digits as a number, and how many there were.
fn two_digits(s: &[u8]) -> (Option<usize>, usize) {
    let n = s.iter().take(2).take_while(|c| c.is_ascii_digit()).count();
    let v = s[..n].iter().fold(None, |acc: Option<usize>, &c| {
        Some(acc.unwrap_or(0) * 10 + (c - b'0') as usize)
    });
    (v, n)
}

/// Writes `prefix` (sign, radix marker) and `body` padded to the spec's width: spaces on the
/// left, spaces on the right with '-', or zeros between prefix and body with '0'.
fn pad(out: &mut Vec<u8>, spec: &Spec, prefix: &[u8], body: &[u8], zero_ok: bool) {
    let len = prefix.len() + body.len();
    let fill = spec.width.unwrap_or(0).saturating_sub(len);
    if spec.minus {
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.resize(out.len() + fill, b' ');
    } else if spec.zero && zero_ok {
        out.extend_from_slice(prefix);
        out.resize(out.len() + fill, b'0');
        out.extend_from_slice(body);
    } else {
        out.resize(out.len() + fill, b' ');
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
}

fn sign_prefix(spec: &Spec, negative: bool) -> &'static [u8] {
    if negative {
        b"-"
    } else if spec.plus {
        b"+"
    } else if spec.space {
        b" "
    } else {
        b""
    }
}

/// Integer conversions: `d`/`i` signed, `u`/`o`/`x`/`X` on the 64-bit two's complement pattern.
pub fn format_int(out: &mut Vec<u8>, spec: &Spec, v: i64) {
    let signed = matches!(spec.conv, b'd' | b'i');
    let magnitude = if signed { v.unsigned_abs() } else { v as u64 };
    let mut body = match spec.conv {
        b'o' => format!("{magnitude:o}"),
        b'x' => format!("{magnitude:x}"),
        b'X' => format!("{magnitude:X}"),
        _ => magnitude.to_string(),
    }
    .into_bytes();
    // A precision is a minimum digit count, and an explicit zero precision prints no digits for 0.
    match spec.precision {
        Some(0) if magnitude == 0 => body.clear(),
        Some(p) if p > body.len() => {
            body.splice(0..0, std::iter::repeat_n(b'0', p - body.len()));
        }
        _ => {}
    }
    if spec.hash && spec.conv == b'o' && body.first() != Some(&b'0') {
        body.insert(0, b'0');
    }
    let prefix: &[u8] = if signed {
        sign_prefix(spec, v < 0)
    } else if spec.hash && magnitude != 0 && spec.conv == b'x' {
        b"0x"
    } else if spec.hash && magnitude != 0 && spec.conv == b'X' {
        b"0X"
    } else {
        b""
    };
    pad(out, spec, prefix, &body, spec.precision.is_none());
}

/// Float conversions `e E f g G a A` (Lua rejects `F`, but it formats like `f`); infinities and NaNs print as glibc does ("-nan" for a
/// NaN with the sign bit, never zero-padded).
pub fn format_float(out: &mut Vec<u8>, spec: &Spec, v: f64) {
    let upper = spec.conv.is_ascii_uppercase();
    let sign = sign_prefix(spec, v.is_sign_negative());
    let mut body = Vec::with_capacity(32);
    if !v.is_finite() {
        let word: &[u8] = match (v.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        return pad(out, spec, sign, word, false);
    }
    let a = v.abs();
    let prec = spec.precision.unwrap_or(6);
    let mut prefix = sign.to_vec();
    match spec.conv.to_ascii_lowercase() {
        b'e' => number::write_e(&mut body, a, prec, spec.hash, upper),
        b'f' => number::write_fixed(&mut body, a, prec, spec.hash),
        b'a' => {
            prefix.extend_from_slice(if upper { b"0X" } else { b"0x" });
            write_hex_float(&mut body, a, spec.precision, spec.hash, upper);
        }
        _ => number::write_g(&mut body, a, prec, spec.hash, upper),
    }
    pad(out, spec, &prefix, &body, true);
}

/// `%a` body after "0x" of a finite nonnegative value, glibc style: subnormals keep a leading
/// 0 and exponent -1022, rounding is half-even and may carry the leading digit to 2.
fn write_hex_float(out: &mut Vec<u8>, a: f64, precision: Option<usize>, alt: bool, upper: bool) {
    let bits = a.to_bits();
    let biased = (bits >> 52) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (lead, exp) = match (biased, frac) {
        (0, 0) => (0u64, 0),
        (0, _) => (0, -1022),
        _ => (1, biased - 1023),
    };
    let mut mant = lead << 52 | frac; // 13 hex digits of fraction below the lead bit
    let digits = match precision {
        None => 13 - (frac.trailing_zeros().min(52) / 4) as usize,
        Some(p) if p < 13 => {
            let drop = 52 - 4 * p as u32;
            let rem = mant & ((1 << drop) - 1);
            let half = 1 << (drop - 1);
            mant >>= drop;
            if rem > half || (rem == half && mant & 1 == 1) {
                mant += 1;
            }
            mant <<= drop;
            p
        }
        Some(p) => p,
    };
    let hex = |d: u64| {
        let c = b"0123456789abcdef"[d as usize];
        if upper {
            c.to_ascii_uppercase()
        } else {
            c
        }
    };
    out.push(hex(mant >> 52));
    if digits > 0 || alt {
        out.push(b'.');
    }
    for k in 0..digits {
        let d = if k < 13 {
            (mant >> (48 - 4 * k)) & 0xf
        } else {
            0
        };
        out.push(hex(d));
    }
    out.push(if upper { b'P' } else { b'p' });
    out.push(if exp < 0 { b'-' } else { b'+' });
    out.extend_from_slice(exp.unsigned_abs().to_string().as_bytes());
}

/// `%s` (and `%c` with a one-byte string): precision truncates, width pads with spaces.
pub fn format_str(out: &mut Vec<u8>, spec: &Spec, s: &[u8]) {
    let s = match spec.precision {
        Some(p) if p < s.len() => &s[..p],
        _ => s,
    };
    pad(out, spec, b"", s, false);
}

/// `%q` of a string: a double-quoted Lua literal. Quote, backslash and newline are escaped
/// with a backslash (the newline stays literal); other control bytes become decimal escapes,
/// three digits wide only when a digit follows so the escape cannot swallow it.
pub fn format_quoted_str(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for (i, &c) in s.iter().enumerate() {
        match c {
            b'"' | b'\\' | b'\n' => out.extend_from_slice(&[b'\\', c]),
            0..=0x1f | 0x7f => {
                let escape = if s.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    format!("\\{c:03}")
                } else {
                    format!("\\{c}")
                };
                out.extend_from_slice(escape.as_bytes());
            }
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

/// `%q` of an integer: decimal, except the minimum integer, whose decimal form would read back
/// as a float; it is written in hex.
pub fn format_quoted_int(out: &mut Vec<u8>, i: i64) {
    if i == i64::MIN {
        out.extend_from_slice(b"0x8000000000000000");
    } else {
        number::write_int(out, i);
    }
}

/// `%q` of a float: hex float (exact round trip), with literal-safe forms for inf and NaN.
pub fn format_quoted_float(out: &mut Vec<u8>, f: f64) {
    if f.is_nan() {
        out.extend_from_slice(b"(0/0)");
    } else if f.is_infinite() {
        out.extend_from_slice(if f > 0.0 { b"1e9999" } else { b"-1e9999" });
    } else {
        format_float(
            out,
            &Spec {
                conv: b'a',
                ..Spec::default()
            },
            f,
        );
    }
}
