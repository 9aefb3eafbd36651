//! The UTF-8 library (manual §6.5). Sequences are decoded in the extended form 5.4 accepts
//! (up to six bytes, code points below 2^31); the strict default also rejects surrogates
//! and code points past U+10FFFF, and `lax` lets them through.

use super::new_lib;
use crate::error::LuaError;
use crate::heap::HeapBackend;
use crate::value::Value;
use crate::vm::{CallCtx, Vm};

type R<B> = Result<usize, LuaError<B>>;

const MAX_UNICODE: u32 = 0x10FFFF;
const MAX_UTF: u32 = 0x7FFF_FFFF;
const MSG_INVALID: &str = "invalid UTF-8 code";

pub fn open<B: HeapBackend>(vm: &mut Vm<B>) {
    let t = new_lib(
        vm,
        "utf8",
        &[
            ("char", char),
            ("codepoint", codepoint),
            ("codes", codes),
            ("len", len),
            ("offset", offset),
        ],
    );
    let k = vm.heap.intern(b"charpattern");
    let v = vm.str(b"[\x00-\x7F\xC2-\xFD][\x80-\xBF]*");
    let _ = vm.heap.set_str(t, k, v);
}

fn is_cont(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(|&c| c & 0xC0 == 0x80)
}

/// Decode the sequence at the start of `s`: the code point and its length, or `None` when
/// it is malformed, overlong or (when `strict`) not a Unicode scalar value.
fn decode(s: &[u8], strict: bool) -> Option<(u32, usize)> {
    let c = *s.first()? as u32;
    if c < 0x80 {
        return Some((c, 1));
    }
    // The number of leading one bits says how many continuation bytes follow.
    let extra = (c << 24).leading_ones() as usize - 1;
    if extra == 0 || extra > 5 {
        return None;
    }
    let mut res = c & (0x3F >> extra);
    for k in 1..=extra {
        let cc = *s.get(k)? as u32;
        if cc & 0xC0 != 0x80 {
            return None;
        }
        res = (res << 6) | (cc & 0x3F);
    }
    // The smallest code point that needs `extra` continuation bytes.
    const LIMITS: [u32; 6] = [0, 0x80, 0x800, 0x1_0000, 0x20_0000, 0x400_0000];
    if res > MAX_UTF || res < LIMITS[extra] {
        return None;
    }
    if strict && (res > MAX_UNICODE || (0xD800..=0xDFFF).contains(&res)) {
        return None;
    }
    Some((res, extra + 1))
}

fn encode(out: &mut Vec<u8>, x: u32) {
    if x < 0x80 {
        out.push(x as u8);
        return;
    }
    let mut tail = Vec::with_capacity(6);
    let mut x = x;
    // Largest payload the first byte can still hold, halving with each continuation.
    let mut first_max = 0x3Fu32;
    while x > first_max {
        tail.push(0x80 | (x & 0x3F) as u8);
        x >>= 6;
        first_max >>= 1;
    }
    let lead = (!first_max << 1) as u8 | x as u8;
    out.push(lead);
    out.extend(tail.iter().rev());
}

/// A relative string position made absolute (negative counts from the end).
fn posrelat(pos: i64, len: usize) -> i64 {
    if pos >= 0 {
        pos
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len as i64 + pos + 1
    }
}

fn char<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let mut out = Vec::new();
    for i in 0..cx.nargs {
        let c = vm.check_int(cx, i)?;
        if c as u64 > MAX_UTF as u64 {
            return Err(vm.arg_error(i, "value out of range"));
        }
        encode(&mut out, c as u32);
    }
    let s = vm.str(&out);
    vm.push(s);
    Ok(1)
}

fn codepoint<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let len = vm.heap.str_len(s);
    let posi = posrelat(vm.opt_int(cx, 1, 1)?, len);
    let pose = posrelat(vm.opt_int(cx, 2, posi)?, len);
    let lax = !vm.arg(cx, 3).is_falsy();
    if posi < 1 {
        return Err(vm.arg_error(1, "out of bounds"));
    }
    if pose > len as i64 {
        return Err(vm.arg_error(2, "out of bounds"));
    }
    if posi > pose {
        return Ok(0);
    }
    if pose - posi >= i32::MAX as i64 {
        return Err(vm.native_error("string slice too long"));
    }
    let n = (pose - posi + 1) as usize;
    // The limit is Lua's stack size, whatever slot layout the backend uses.
    if n >= crate::vm::MAX_STACK || vm.check_stack(n).is_err() {
        return Err(vm.native_error("stack overflow (string slice too long)"));
    }
    let (start, end) = (posi as usize - 1, pose as usize);
    let codes = vm.heap.with_str(s, |s| {
        let (mut i, mut codes) = (start, Vec::new());
        while i < end {
            let (code, l) = decode(&s[i..], !lax)?;
            codes.push(code);
            i += l;
        }
        Some(codes)
    });
    let codes = codes.ok_or_else(|| vm.native_error(MSG_INVALID))?;
    for &code in &codes {
        vm.push(Value::Int(code as i64));
    }
    Ok(codes.len())
}

fn len<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let size = vm.heap.str_len(s);
    let len = size as i64;
    let posi = posrelat(vm.opt_int(cx, 1, 1)?, size);
    let posj = posrelat(vm.opt_int(cx, 2, -1)?, size);
    let lax = !vm.arg(cx, 3).is_falsy();
    if !(1 <= posi && posi - 1 <= len) {
        return Err(vm.arg_error(1, "initial position out of bounds"));
    }
    if posj > len {
        return Err(vm.arg_error(2, "final position out of bounds"));
    }
    // Ok(characters), or Err(position of the first invalid byte).
    let counted = vm.heap.with_str(s, |s| {
        let (mut i, last) = (posi - 1, posj - 1);
        let mut n = 0i64;
        while i <= last {
            let (_, l) = decode(&s[i as usize..], !lax).ok_or(i + 1)?;
            i += l as i64;
            n += 1;
        }
        Ok(n)
    });
    match counted {
        Ok(n) => {
            vm.push(Value::Int(n));
            Ok(1)
        }
        Err(at) => {
            vm.push(Value::Nil);
            vm.push(Value::Int(at));
            Ok(2)
        }
    }
}

fn offset<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let size = vm.heap.str_len(s);
    let len = size as i64;
    let n = vm.check_int(cx, 1)?;
    let default = if n >= 0 { 1 } else { len + 1 };
    let posi = posrelat(vm.opt_int(cx, 2, default)?, size);
    if !(1 <= posi && posi - 1 <= len) {
        return Err(vm.arg_error(2, "position out of bounds"));
    }
    // Ok(the position, if the string has the `n`th character), or Err when `posi`
    // starts inside a character.
    let found = vm.heap.with_str(s, |s| {
        let (mut n, mut p) = (n, (posi - 1) as usize);
        if n == 0 {
            while p > 0 && is_cont(s, p) {
                p -= 1;
            }
            return Ok(Some(p));
        }
        if is_cont(s, p) {
            return Err(());
        }
        if n < 0 {
            while n < 0 && p > 0 {
                p -= 1;
                while p > 0 && is_cont(s, p) {
                    p -= 1;
                }
                n += 1;
            }
        } else {
            n -= 1;
            while n > 0 && p < s.len() {
                p += 1;
                while is_cont(s, p) {
                    p += 1;
                }
                n -= 1;
            }
        }
        Ok((n == 0).then_some(p))
    });
    let found = found.map_err(|()| vm.native_error("initial position is a continuation byte"))?;
    vm.push(found.map_or(Value::Nil, |p| Value::Int(p as i64 + 1)));
    Ok(1)
}

fn codes<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let lax = !vm.arg(cx, 1).is_falsy();
    let s = vm.check_str(cx, 0)?;
    if vm.heap.with_str(s, |b| is_cont(b, 0)) {
        return Err(vm.arg_error(0, MSG_INVALID));
    }
    vm.push(Value::Native(if lax { codes_lax } else { codes_strict }));
    vm.push(Value::Str(s));
    vm.push(Value::Int(0));
    Ok(3)
}

fn codes_strict<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    codes_step(vm, cx, true)
}

fn codes_lax<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    codes_step(vm, cx, false)
}

/// One step of `utf8.codes`: skip the rest of the previous character, decode the next.
fn codes_step<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx, strict: bool) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    // A negative control value wraps to a huge one and ends the loop, as in 5.4.
    let from = vm.to_integer(vm.arg(cx, 1)).unwrap_or(0) as u64;
    // Read in place: a step must cost the character, not the string (a copy per step
    // made a loop over the string quadratic).
    let step = vm.heap.with_str(s, |s| {
        let (mut n, len) = (from, s.len() as u64);
        while n < len && is_cont(s, n as usize) {
            n += 1;
        }
        if n >= len {
            return Ok(None);
        }
        let at = n as usize;
        match decode(&s[at..], strict) {
            Some((code, l)) if !is_cont(s, at + l) => Ok(Some((n as i64 + 1, code))),
            _ => Err(()),
        }
    });
    match step {
        Ok(None) => Ok(0),
        Ok(Some((pos, code))) => {
            vm.push(Value::Int(pos));
            vm.push(Value::Int(code as i64));
            Ok(2)
        }
        Err(()) => Err(vm.native_error(MSG_INVALID)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_and_decode_agree_on_every_length() {
        for &c in &[
            0x41u32, 0x7FF, 0xFFFF, 0x10FFFF, 0x1F_FFFF, 0x3FF_FFFF, MAX_UTF,
        ] {
            let mut b = Vec::new();
            encode(&mut b, c);
            assert_eq!(decode(&b, false), Some((c, b.len())));
        }
        let mut b = Vec::new();
        encode(&mut b, 0x20AC);
        assert_eq!(b, "€".as_bytes());
        assert_eq!(decode(b"\xC0\x80", false), None, "overlong");
        assert_eq!(decode(b"\xED\xA0\x80", true), None, "surrogate");
        assert!(decode(b"\xED\xA0\x80", false).is_some());
    }
}
