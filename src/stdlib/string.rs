//! The string library (manual §6.4): so far `format`, `len`, `rep`, `sub`, `upper`,
//! `lower`, `byte`, `char`, `reverse`, and the string metatable with its arithmetic.

use super::new_lib;
use super::printf::{self, Spec};
use crate::error::LuaError;
use crate::heap::HeapBackend;
use crate::value::Value;
use crate::vm::meta::ArithOp;
use crate::vm::{CallCtx, NativeFn, Vm};

type R<B> = Result<usize, LuaError<B>>;

pub fn open<B: HeapBackend>(vm: &mut Vm<B>) {
    let string = new_lib(
        vm,
        "string",
        &[
            ("byte", byte),
            ("char", char),
            ("format", format),
            ("len", len),
            ("lower", lower),
            ("rep", rep),
            ("reverse", reverse),
            ("sub", sub),
            ("upper", upper),
        ],
    );
    // Strings share one metatable: `s:len()` and string arithmetic go through it.
    let mt = vm.heap.new_table(0, 16);
    let index = vm.heap.intern(b"__index");
    let _ = vm.heap.set_str(mt, index, Value::Table(string));
    let arith: &[(&str, NativeFn<B>)] = &[
        ("__add", arith_add),
        ("__sub", arith_sub),
        ("__mul", arith_mul),
        ("__mod", arith_mod),
        ("__pow", arith_pow),
        ("__div", arith_div),
        ("__idiv", arith_idiv),
        ("__unm", arith_unm),
    ];
    for (name, f) in arith {
        super::set_fn(vm, mt, name, *f);
    }
    vm.set_string_metatable(Some(mt));
}

/// Arithmetic on strings: both operands converted with `tonumber`, else the other
/// operand's metamethod, else an error naming the event (as lstrlib's `trymt`).
fn string_arith<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx, op: ArithOp) -> R<B> {
    let a = vm.arg(cx, 0);
    let b = vm.arg(cx, 1);
    if let (Some(x), Some(y)) = (vm.to_number(a), vm.to_number(b)) {
        if let Some(v) = vm.arith_numbers(op, x, y)? {
            vm.push(v);
            return Ok(1);
        }
    }
    let ev = crate::vm::meta::arith_event(op);
    let tm = vm.metamethod(b, ev);
    if matches!(b, Value::Str(_)) || tm.is_nil() {
        let name = &ev.name()[2..];
        let msg = format!(
            "attempt to perform arithmetic on a {} value{}",
            vm.obj_type_name(if vm.to_number(a).is_none() { a } else { b }),
            ""
        );
        let _ = msg;
        let (ta, tb) = (vm.obj_type_name(a), vm.obj_type_name(b));
        return Err(vm.native_error(&format!("attempt to {name} a '{ta}' with a '{tb}'")));
    }
    let r = vm.call1(tm, &[a, b])?;
    vm.push(r);
    Ok(1)
}

macro_rules! arith_fns {
    ($($name:ident => $op:ident),*) => {$(
        fn $name<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
            string_arith(vm, cx, ArithOp::$op)
        }
    )*};
}
arith_fns!(arith_add => Add, arith_sub => Sub, arith_mul => Mul, arith_mod => Mod,
    arith_pow => Pow, arith_div => Div, arith_idiv => IDiv, arith_unm => Unm);

fn len<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let n = vm.heap.str_len(s) as i64;
    vm.push(Value::Int(n));
    Ok(1)
}

/// A 1-based, possibly negative string position clipped to `0..=len` as `sub` does.
fn start_index(i: i64, len: usize) -> usize {
    if i > 0 {
        i as usize
    } else if i == 0 || i.unsigned_abs() as usize > len {
        1
    } else {
        len - i.unsigned_abs() as usize + 1
    }
}

fn end_index(j: i64, len: usize) -> usize {
    if j > len as i64 {
        len
    } else if j >= 0 {
        j as usize
    } else if j.unsigned_abs() as usize > len {
        0
    } else {
        len - j.unsigned_abs() as usize + 1
    }
}

fn sub<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let i = vm.opt_int(cx, 1, 1)?;
    let j = vm.opt_int(cx, 2, -1)?;
    let bytes = vm.str_bytes(s);
    let (start, end) = (start_index(i, bytes.len()), end_index(j, bytes.len()));
    let r = if start > end {
        vm.str(b"")
    } else {
        vm.str(&bytes[start - 1..end])
    };
    vm.push(r);
    Ok(1)
}

fn map_bytes<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx, f: fn(&[u8]) -> Vec<u8>) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let out = vm.heap.with_str(s, f);
    let v = vm.str(out);
    vm.push(v);
    Ok(1)
}

fn upper<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    map_bytes(vm, cx, |b| b.to_ascii_uppercase())
}

fn lower<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    map_bytes(vm, cx, |b| b.to_ascii_lowercase())
}

fn reverse<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    map_bytes(vm, cx, |b| b.iter().rev().copied().collect())
}

/// Largest string `rep` and `format` will build, as Lua's MAXSIZE guard.
const MAX_STRING: usize = 1 << 31;

fn rep<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let n = vm.check_int(cx, 1)?;
    let sep = vm.opt_str(cx, 2)?;
    if n <= 0 {
        let v = vm.str(b"");
        vm.push(v);
        return Ok(1);
    }
    let body = vm.str_bytes(s);
    let sep = sep.map(|t| vm.str_bytes(t)).unwrap_or_default();
    let total = (body.len() + sep.len()).saturating_mul(n as usize);
    if total >= MAX_STRING {
        return Err(vm.native_error("resulting string too large"));
    }
    let mut out = Vec::with_capacity(total);
    for k in 0..n {
        out.extend_from_slice(&body);
        if k + 1 < n {
            out.extend_from_slice(&sep);
        }
    }
    let v = vm.str(out);
    vm.push(v);
    Ok(1)
}

fn byte<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let i = vm.opt_int(cx, 1, 1)?;
    let j = vm.opt_int(cx, 2, i)?;
    let bytes = vm.str_bytes(s);
    let (start, end) = (start_index(i, bytes.len()), end_index(j, bytes.len()));
    if start > end {
        return Ok(0);
    }
    vm.check_stack(end - start + 1)?;
    for b in &bytes[start - 1..end] {
        vm.push(Value::Int(*b as i64));
    }
    Ok(end - start + 1)
}

fn char<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let mut out = Vec::with_capacity(cx.nargs);
    for i in 0..cx.nargs {
        let c = vm.check_int(cx, i)?;
        if !(0..=255).contains(&c) {
            return Err(vm.arg_error(i, "value out of range"));
        }
        out.push(c as u8);
    }
    let v = vm.str(out);
    vm.push(v);
    Ok(1)
}

fn format<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let fmt = vm.check_str(cx, 0)?;
    let fmt = vm.str_bytes(fmt);
    let mut out = Vec::with_capacity(fmt.len() + 16);
    let mut arg = 0usize;
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        let (spec, used) = printf::parse_spec(&fmt[i..]).map_err(|m| vm.native_error(&m))?;
        i += used;
        arg += 1;
        if arg >= cx.nargs {
            return Err(vm.arg_error(arg, "no value"));
        }
        format_one(vm, cx, arg, &spec, &mut out)?;
        if out.len() >= MAX_STRING {
            return Err(vm.native_error("resulting string too large"));
        }
    }
    let v = vm.str(out);
    vm.push(v);
    Ok(1)
}

fn format_one<B: HeapBackend>(
    vm: &mut Vm<B>,
    cx: CallCtx,
    arg: usize,
    spec: &Spec,
    out: &mut Vec<u8>,
) -> Result<(), LuaError<B>> {
    match spec.conv {
        b'c' => {
            let c = vm.check_int(cx, arg)?;
            printf::format_str(out, spec, &[c as u8]);
        }
        b'd' | b'i' | b'o' | b'u' | b'x' | b'X' => {
            let n = vm.check_int(cx, arg)?;
            printf::format_int(out, spec, n);
        }
        b'a' | b'A' | b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
            let n = match vm.check_number(cx, arg)? {
                Value::Int(i) => i as f64,
                Value::Float(f) => f,
                _ => 0.0,
            };
            printf::format_float(out, spec, n);
        }
        b'p' => {
            let v = vm.arg(cx, arg);
            let text = match v {
                Value::Nil | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
                    "(null)".to_string()
                }
                _ => format!("0x{:014x}", vm.address_of(v)),
            };
            printf::format_str(out, spec, text.as_bytes());
        }
        b'q' => {
            if spec.minus
                || spec.plus
                || spec.space
                || spec.hash
                || spec.zero
                || spec.width.is_some()
                || spec.precision.is_some()
            {
                return Err(vm.native_error("specifier '%q' cannot have modifiers"));
            }
            match vm.arg(cx, arg) {
                Value::Str(s) => {
                    let b = vm.str_bytes(s);
                    printf::format_quoted_str(out, &b);
                }
                Value::Int(n) => printf::format_quoted_int(out, n),
                Value::Float(f) => printf::format_quoted_float(out, f),
                Value::Nil => out.extend_from_slice(b"nil"),
                Value::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
                _ => return Err(vm.arg_error(arg, "value has no literal form")),
            }
        }
        b's' => {
            let v = vm.arg(cx, arg);
            let s = vm.tostring(v)?;
            let b = vm.str_bytes(s);
            printf::format_str(out, spec, &b);
        }
        other => {
            let _ = other;
            return Err(vm.native_error("invalid conversion to 'format'"));
        }
    }
    Ok(())
}
