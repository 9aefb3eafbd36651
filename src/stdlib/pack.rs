//! `string.pack`, `string.packsize` and `string.unpack` (manual §6.4.2), with the sizes
//! and alignment of a 64-bit little-endian C platform, as lua5.4 has on x86-64.

use crate::error::LuaError;
use crate::heap::HeapBackend;
use crate::value::Value;
use crate::vm::{CallCtx, Vm};

type R<B> = Result<usize, LuaError<B>>;

/// Widest integer a format may name (MAXINTSIZE).
const MAX_INT_SIZE: usize = 16;
/// Bytes in a Lua integer.
const INT_BYTES: usize = 8;
/// What `!` without a number selects: the strictest alignment of the platform.
const NATIVE_ALIGN: usize = 8;
/// Sizes are kept below C's INT_MAX, as lstrlib keeps them.
const MAX_SIZE: usize = i32::MAX as usize;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Int {
        signed: bool,
    },
    F32,
    F64,
    /// `cn`: a fixed-size string.
    Chars,
    /// `sn`: a string after its length.
    Counted,
    /// `z`: a zero-terminated string.
    Zstr,
    /// `x`: one padding byte.
    Pad,
    /// `Xop`: pad to the alignment of `op`.
    PadAlign,
    /// Settings and spaces: no data.
    Nop,
}

/// A format error: either `luaL_error` text or a complaint about argument 1.
enum FmtError {
    Plain(Vec<u8>),
    Arg(&'static str),
}

struct Format<'a> {
    fmt: &'a [u8],
    pos: usize,
    little: bool,
    max_align: usize,
}

struct Item {
    kind: Kind,
    size: usize,
    /// Padding bytes before the item.
    align_pad: usize,
}

impl<'a> Format<'a> {
    fn new(fmt: &'a [u8]) -> Self {
        Format {
            fmt,
            pos: 0,
            little: cfg!(target_endian = "little"),
            max_align: 1,
        }
    }

    /// The format ends at its first zero byte, as a C string would.
    fn at_end(&self) -> bool {
        matches!(self.fmt.get(self.pos), None | Some(0))
    }

    fn peek_digit(&self) -> Option<usize> {
        self.fmt
            .get(self.pos)
            .filter(|b| b.is_ascii_digit())
            .map(|b| usize::from(b - b'0'))
    }

    /// A decimal count, read only while it stays comfortably inside an `int`.
    fn number(&mut self) -> Option<usize> {
        let mut n = self.peek_digit()?;
        self.pos += 1;
        while let Some(d) = self.peek_digit() {
            if n > (MAX_SIZE - 9) / 10 {
                break;
            }
            n = n * 10 + d;
            self.pos += 1;
        }
        Some(n)
    }

    fn int_size(&mut self, default: usize) -> Result<usize, FmtError> {
        let n = self.number().unwrap_or(default);
        if n == 0 || n > MAX_INT_SIZE {
            let msg = format!("integral size ({n}) out of limits [1,{MAX_INT_SIZE}]");
            return Err(FmtError::Plain(msg.into_bytes()));
        }
        Ok(n)
    }

    /// The next option and its size; settings (`<`, `!`, ...) take effect here.
    fn option(&mut self) -> Result<(Kind, usize), FmtError> {
        let c = self.fmt[self.pos];
        self.pos += 1;
        let signed = |size| (Kind::Int { signed: true }, size);
        let unsigned = |size| (Kind::Int { signed: false }, size);
        Ok(match c {
            b'b' => signed(1),
            b'B' => unsigned(1),
            b'h' => signed(2),
            b'H' => unsigned(2),
            b'l' | b'j' => signed(8),
            b'L' | b'J' | b'T' => unsigned(8),
            b'f' => (Kind::F32, 4),
            b'd' | b'n' => (Kind::F64, 8),
            b'i' => signed(self.int_size(4)?),
            b'I' => unsigned(self.int_size(4)?),
            b's' => (Kind::Counted, self.int_size(8)?),
            b'c' => match self.number() {
                Some(n) => (Kind::Chars, n),
                None => {
                    let msg = b"missing size for format option 'c'".to_vec();
                    return Err(FmtError::Plain(msg));
                }
            },
            b'z' => (Kind::Zstr, 0),
            b'x' => (Kind::Pad, 1),
            b'X' => (Kind::PadAlign, 0),
            b' ' => (Kind::Nop, 0),
            b'<' | b'=' | b'>' => {
                self.little = match c {
                    b'<' => true,
                    b'>' => false,
                    _ => cfg!(target_endian = "little"),
                };
                (Kind::Nop, 0)
            }
            b'!' => {
                self.max_align = self.int_size(NATIVE_ALIGN)?;
                (Kind::Nop, 0)
            }
            other => {
                let mut msg = b"invalid format option '".to_vec();
                msg.extend_from_slice(&[other, b'\'']);
                return Err(FmtError::Plain(msg));
            }
        })
    }

    /// The next item and the padding that aligns it, `total` bytes into the data.
    fn item(&mut self, total: usize) -> Result<Item, FmtError> {
        let (kind, size) = self.option()?;
        let mut align = size;
        if kind == Kind::PadAlign {
            // `X` borrows the alignment of the option after it, which it consumes.
            const BAD_X: &str = "invalid next option for option 'X'";
            if self.at_end() {
                return Err(FmtError::Arg(BAD_X));
            }
            let (next, next_size) = self.option()?;
            if next == Kind::Chars || next_size == 0 {
                return Err(FmtError::Arg(BAD_X));
            }
            align = next_size;
        }
        let align_pad = if align <= 1 || kind == Kind::Chars {
            0
        } else {
            let align = align.min(self.max_align);
            if !align.is_power_of_two() {
                return Err(FmtError::Arg("format asks for alignment not power of 2"));
            }
            (align - (total & (align - 1))) & (align - 1)
        };
        Ok(Item {
            kind,
            size,
            align_pad,
        })
    }
}

fn fmt_error<B: HeapBackend>(vm: &Vm<B>, e: FmtError) -> LuaError<B> {
    match e {
        FmtError::Arg(msg) => vm.arg_error(0, msg),
        FmtError::Plain(msg) => {
            let mut text = vm.where_level(1).into_bytes();
            text.extend_from_slice(&msg);
            LuaError::new(vm.str(text))
        }
    }
}

/// Append the low `size` bytes of `v`, sign-filled past the eighth when `neg`.
fn put_int(out: &mut Vec<u8>, v: u64, little: bool, size: usize, neg: bool) {
    let byte = |i: usize| match i {
        0..INT_BYTES => (v >> (8 * i)) as u8,
        _ if neg => 0xff,
        _ => 0,
    };
    if little {
        out.extend((0..size).map(byte));
    } else {
        out.extend((0..size).rev().map(byte));
    }
}

/// Read a `size`-byte integer; wider than a Lua integer only if the extra bytes are a
/// pure sign extension.
fn get_int(b: &[u8], little: bool, signed: bool) -> Result<i64, String> {
    let size = b.len();
    let at = |i: usize| if little { b[i] } else { b[size - 1 - i] };
    let used = size.min(INT_BYTES);
    let mut v = (0..used)
        .rev()
        .fold(0u64, |acc, i| (acc << 8) | u64::from(at(i)));
    if size < INT_BYTES {
        if signed {
            let sign = 1u64 << (size * 8 - 1);
            v = (v ^ sign).wrapping_sub(sign);
        }
    } else if size > INT_BYTES {
        let fill = if signed && (v as i64) < 0 { 0xff } else { 0 };
        if (used..size).any(|i| at(i) != fill) {
            return Err(format!("{size}-byte integer does not fit into Lua Integer"));
        }
    }
    Ok(v as i64)
}

fn float_of<B: HeapBackend>(vm: &Vm<B>, cx: CallCtx, arg: usize) -> Result<f64, LuaError<B>> {
    Ok(match vm.check_number(cx, arg)? {
        Value::Int(i) => i as f64,
        Value::Float(f) => f,
        _ => 0.0,
    })
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8], little: bool) {
    if little == cfg!(target_endian = "little") {
        out.extend_from_slice(bytes);
    } else {
        out.extend(bytes.iter().rev());
    }
}

/// lua5.4's `pack` keeps a nil on the stack just past its arguments, so the first missing
/// argument is reported as a nil rather than as no value.
fn check_present<B: HeapBackend>(
    vm: &Vm<B>,
    cx: CallCtx,
    arg: usize,
    expected: &str,
) -> Result<(), LuaError<B>> {
    if arg == cx.nargs {
        return Err(vm.arg_type_error(arg, expected, Value::Nil, true));
    }
    Ok(())
}

pub fn pack<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let fmt = vm.check_str(cx, 0)?;
    let fmt = vm.str_bytes(fmt);
    let mut f = Format::new(&fmt);
    let mut out = Vec::new();
    let mut arg = 0;
    while !f.at_end() {
        let it = f.item(out.len()).map_err(|e| fmt_error(vm, e))?;
        out.resize(out.len() + it.align_pad, 0);
        arg += 1;
        let size = it.size;
        match it.kind {
            Kind::Int { .. } | Kind::F32 | Kind::F64 => check_present(vm, cx, arg, "number")?,
            Kind::Chars | Kind::Counted | Kind::Zstr => check_present(vm, cx, arg, "string")?,
            _ => {}
        }
        match it.kind {
            Kind::Int { signed } => {
                let n = vm.check_int(cx, arg)?;
                if size < INT_BYTES {
                    let bits = size * 8;
                    let fits = if signed {
                        let lim = 1i64 << (bits - 1);
                        -lim <= n && n < lim
                    } else {
                        (n as u64) < 1u64 << bits
                    };
                    if !fits {
                        let what = if signed { "integer" } else { "unsigned" };
                        return Err(vm.arg_error(arg, &format!("{what} overflow")));
                    }
                }
                put_int(&mut out, n as u64, f.little, size, signed && n < 0);
            }
            Kind::F32 => {
                let x = float_of(vm, cx, arg)? as f32;
                put_bytes(&mut out, &x.to_ne_bytes(), f.little);
            }
            Kind::F64 => {
                let x = float_of(vm, cx, arg)?;
                put_bytes(&mut out, &x.to_ne_bytes(), f.little);
            }
            Kind::Chars => {
                let s = vm.check_str(cx, arg)?;
                let s = vm.str_bytes(s);
                if s.len() > size {
                    return Err(vm.arg_error(arg, "string longer than given size"));
                }
                out.extend_from_slice(&s);
                out.resize(out.len() + size - s.len(), 0);
            }
            Kind::Counted => {
                let s = vm.check_str(cx, arg)?;
                let s = vm.str_bytes(s);
                if size < INT_BYTES && s.len() as u64 >= 1u64 << (size * 8) {
                    let msg = "string length does not fit in given size";
                    return Err(vm.arg_error(arg, msg));
                }
                put_int(&mut out, s.len() as u64, f.little, size, false);
                out.extend_from_slice(&s);
            }
            Kind::Zstr => {
                let s = vm.check_str(cx, arg)?;
                let s = vm.str_bytes(s);
                if s.contains(&0) {
                    return Err(vm.arg_error(arg, "string contains zeros"));
                }
                out.extend_from_slice(&s);
                out.push(0);
            }
            Kind::Pad => {
                out.push(0);
                arg -= 1;
            }
            Kind::PadAlign | Kind::Nop => arg -= 1,
        }
    }
    let v = vm.str(out);
    vm.push(v);
    Ok(1)
}

pub fn packsize<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let fmt = vm.check_str(cx, 0)?;
    let fmt = vm.str_bytes(fmt);
    let mut f = Format::new(&fmt);
    let mut total = 0usize;
    while !f.at_end() {
        let it = f.item(total).map_err(|e| fmt_error(vm, e))?;
        if matches!(it.kind, Kind::Counted | Kind::Zstr) {
            return Err(vm.arg_error(0, "variable-length format"));
        }
        let size = it.size + it.align_pad;
        if total > MAX_SIZE.saturating_sub(size) {
            return Err(vm.arg_error(0, "format result too large"));
        }
        total += size;
    }
    vm.push(Value::Int(total as i64));
    Ok(1)
}

pub fn unpack<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let fmt = vm.check_str(cx, 0)?;
    let fmt = vm.str_bytes(fmt);
    // The data is read field by field in place: copying it whole on every call made a loop
    // that unpacks a long string record by record quadratic.
    let data = vm.check_str(cx, 1)?;
    let len = vm.heap.str_len(data);
    let init = vm.opt_int(cx, 2, 1)?;
    let mut pos = super::string::start_index(init, len) - 1;
    if pos > len {
        return Err(vm.arg_error(2, "initial position out of string"));
    }
    let mut f = Format::new(&fmt);
    let mut n = 0;
    while !f.at_end() {
        let it = f.item(pos).map_err(|e| fmt_error(vm, e))?;
        let size = it.size;
        if it.align_pad.saturating_add(size) > len - pos {
            return Err(vm.arg_error(1, "data string too short"));
        }
        pos += it.align_pad;
        vm.check_stack(2)
            .map_err(|_| vm.native_error("stack overflow (too many results)"))?;
        let field = &vm.str_piece(data, pos..pos + size);
        let v = match it.kind {
            Kind::Int { signed } => {
                let i = get_int(field, f.little, signed).map_err(|m| vm.native_error(&m))?;
                Value::Int(i)
            }
            Kind::F32 => {
                let mut b = [0u8; 4];
                put_bytes_into(&mut b, field, f.little);
                Value::Float(f64::from(f32::from_ne_bytes(b)))
            }
            Kind::F64 => {
                let mut b = [0u8; 8];
                put_bytes_into(&mut b, field, f.little);
                Value::Float(f64::from_ne_bytes(b))
            }
            Kind::Chars => vm.str(field),
            Kind::Counted => {
                let count = get_int(field, f.little, false).map_err(|m| vm.native_error(&m))?;
                let count = count as u64;
                if count > (len - pos - size) as u64 {
                    return Err(vm.arg_error(1, "data string too short"));
                }
                let start = pos + size;
                pos += count as usize;
                vm.str(vm.str_piece(data, start..start + count as usize))
            }
            Kind::Zstr => {
                let body = vm
                    .heap
                    .with_str(data, |d| d[pos..].iter().position(|&b| b == 0));
                let Some(zlen) = body else {
                    return Err(vm.arg_error(1, "unfinished string for format 'z'"));
                };
                let v = vm.str(vm.str_piece(data, pos..pos + zlen));
                pos += zlen + 1;
                v
            }
            Kind::Pad | Kind::PadAlign | Kind::Nop => {
                pos += size;
                continue;
            }
        };
        pos += size;
        vm.push(v);
        n += 1;
    }
    vm.push(Value::Int(pos as i64 + 1));
    Ok(n + 1)
}

/// Copy `src` into `dst` in native byte order, reading it in the format's order.
fn put_bytes_into(dst: &mut [u8], src: &[u8], little: bool) {
    dst.copy_from_slice(src);
    if little != cfg!(target_endian = "little") {
        dst.reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_round_trip() {
        for (v, size, little) in [(-2i64, 3, true), (0x1234, 2, false), (-1, 12, false)] {
            let mut out = Vec::new();
            put_int(&mut out, v as u64, little, size, v < 0);
            assert_eq!(out.len(), size);
            assert_eq!(get_int(&out, little, true), Ok(v));
        }
        let wide = [1, 0, 0, 0, 0, 0, 0, 0, 1];
        assert!(get_int(&wide, true, true).is_err());
    }

    #[test]
    fn alignment() {
        let mut f = Format::new(b"!4bi");
        let kinds: Vec<_> = [0, 0, 1]
            .iter()
            .map(|&at| f.item(at).ok().map(|i| (i.kind, i.align_pad)))
            .collect();
        let b = Kind::Int { signed: true };
        assert_eq!(kinds, [Some((Kind::Nop, 0)), Some((b, 0)), Some((b, 3))]);
        let mut odd = Format::new(b"!3i");
        assert!(odd.item(0).is_ok());
        assert!(matches!(odd.item(1), Err(FmtError::Arg(_))));
    }
}
