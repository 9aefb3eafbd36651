//! The string library (manual §6.4) and the string metatable with its arithmetic. The
//! pattern matcher lives in `pattern.rs`, `pack`/`unpack` in `pack.rs`.

use super::new_lib;
use super::pack;
use super::pattern::{find_plain, has_specials, Matcher, Piece};
use super::printf;
use crate::error::LuaError;
use crate::function::{FunctionObj, NativeClosure};
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
            ("dump", dump),
            ("find", find),
            ("format", format),
            ("gmatch", gmatch),
            ("gsub", gsub),
            ("len", len),
            ("lower", lower),
            ("match", str_match),
            ("pack", pack::pack),
            ("packsize", pack::packsize),
            ("rep", rep),
            ("reverse", reverse),
            ("sub", sub),
            ("unpack", pack::unpack),
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

/// A 1-based, possibly negative start position, at least 1 (may exceed `len`), as
/// lstrlib's `posrelatI`.
pub(super) fn start_index(i: i64, len: usize) -> usize {
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
    let i = vm.check_int(cx, 1)?;
    let j = vm.opt_int(cx, 2, -1)?;
    // Only the piece is copied: `sub(s, i, i)` in a scanner loop must not cost `#s`.
    let len = vm.heap.str_len(s);
    let (start, end) = (start_index(i, len), end_index(j, len));
    let r = if start > end {
        vm.str(b"")
    } else if start == 1 && end == len {
        Value::Str(s)
    } else {
        vm.str(vm.str_piece(s, start - 1..end))
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

/// Largest string `format` will build, as Lua's MAXSIZE guard.
const MAX_STRING: usize = 1 << 31;
/// lstrlib's MAXSIZE: `rep` refuses results it cannot prove to stay below C's INT_MAX.
const MAX_REP: u64 = i32::MAX as u64;

fn rep<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let n = vm.check_int(cx, 1)?;
    let sep = vm.opt_str(cx, 2)?;
    let body = vm.str_bytes(s);
    let sep = sep.map(|t| vm.str_bytes(t)).unwrap_or_default();
    if n <= 0 {
        let v = vm.str(b"");
        vm.push(v);
        return Ok(1);
    }
    let unit = (body.len() + sep.len()) as u64;
    if unit > MAX_REP / n as u64 {
        return Err(vm.native_error("resulting string too large"));
    }
    let n = n as usize;
    let total = n * body.len() + (n - 1) * sep.len();
    super::ensure_room(vm, total)?;
    if unit == 0 {
        // Nothing to copy, but lua5.4 still runs its copy loop `n` times (for ages when
        // `n` is huge): that work counts against the instruction limit as bytes would.
        vm.charge_bytes(n);
    }
    let mut out = Vec::with_capacity(total);
    if unit > 0 {
        for k in 0..n {
            if k > 0 {
                out.extend_from_slice(&sep);
            }
            out.extend_from_slice(&body);
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
    let len = vm.heap.str_len(s);
    let (start, end) = (start_index(i, len), end_index(j, len));
    if start > end {
        return Ok(0);
    }
    vm.check_stack(end - start + 1)
        .map_err(|_| vm.native_error("stack overflow (string slice too long)"))?;
    let piece = vm.str_piece(s, start - 1..end);
    for b in piece {
        vm.push(Value::Int(b as i64));
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
        // lua5.4 wants the argument before it reads the conversion.
        arg += 1;
        if arg >= cx.nargs {
            return Err(vm.arg_error(arg, "no value"));
        }
        let scanned = printf::scan_spec(&fmt[i..]).map_err(|m| vm.native_error(&m))?;
        i += scanned.used;
        format_one(vm, cx, arg, &scanned, &mut out)?;
        if out.len() >= MAX_STRING {
            return Err(vm.native_error("resulting string too large"));
        }
    }
    let v = vm.str(out);
    vm.push(v);
    Ok(1)
}

/// Formats one argument. Which comes first, checking the argument or the spec's modifiers,
/// follows lua5.4's `str_format` letter by letter, since either can be the error reported.
fn format_one<B: HeapBackend>(
    vm: &mut Vm<B>,
    cx: CallCtx,
    arg: usize,
    scanned: &printf::Scanned,
    out: &mut Vec<u8>,
) -> Result<(), LuaError<B>> {
    let checked = |vm: &mut Vm<B>| scanned.checked().map_err(|m| vm.native_error(&m));
    match scanned.spec.conv {
        b'c' => {
            let spec = checked(vm)?;
            let c = vm.check_int(cx, arg)?;
            printf::format_str(out, &spec, &[c as u8]);
        }
        b'd' | b'i' | b'o' | b'u' | b'x' | b'X' => {
            let n = vm.check_int(cx, arg)?;
            printf::format_int(out, &checked(vm)?, n);
        }
        conv @ (b'a' | b'A' | b'e' | b'E' | b'f' | b'F' | b'g' | b'G') => {
            if matches!(conv, b'a' | b'A') {
                checked(vm)?;
            }
            let n = match vm.check_number(cx, arg)? {
                Value::Int(i) => i as f64,
                Value::Float(f) => f,
                _ => 0.0,
            };
            printf::format_float(out, &checked(vm)?, n);
        }
        b'p' => {
            let spec = checked(vm)?;
            let v = vm.arg(cx, arg);
            let text = match v {
                Value::Nil | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
                    "(null)".to_string()
                }
                _ => format!("0x{:014x}", vm.address_of(v)),
            };
            printf::format_str(out, &spec, text.as_bytes());
        }
        b'q' => {
            // scan_spec has already refused '%q' with modifiers.
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
            if !scanned.modified {
                out.extend_from_slice(&b);
            } else {
                // Padding and precision go through C's printf in lua5.4, which stops at a zero.
                if b.contains(&0) {
                    return Err(vm.arg_error(arg, "string contains zeros"));
                }
                printf::format_str(out, &checked(vm)?, &b);
            }
        }
        _ => return Err(vm.native_error("invalid conversion to 'format'")),
    }
    Ok(())
}

fn dump<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = vm.arg(cx, 0);
    if !matches!(f, Value::Function(_) | Value::Native(_)) {
        return Err(vm.arg_type_error(0, "function", f, cx.nargs > 0));
    }
    // There is no binary chunk format to write.
    Err(vm.native_error("unable to dump given function"))
}

// ---- pattern matching ----------------------------------------------------------------

/// Split a leading `^` off a pattern: whether it is anchored, and where the items start.
fn anchor(pat: &[u8]) -> (bool, usize) {
    match pat.first() {
        Some(b'^') => (true, 1),
        _ => (false, 0),
    }
}

/// Push captured pieces of subject `s` as Lua values.
fn push_pieces<B: HeapBackend>(vm: &mut Vm<B>, s: B::Str, pieces: &[Piece]) -> R<B> {
    vm.check_stack(pieces.len())?;
    for &p in pieces {
        let v = match p {
            Piece::Span(a, b) => vm.str(vm.str_piece(s, a..b)),
            Piece::Pos(i) => Value::Int(i as i64 + 1),
        };
        vm.push(v);
    }
    Ok(pieces.len())
}

fn find<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    find_aux(vm, cx, true)
}

fn str_match<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    find_aux(vm, cx, false)
}

/// `find` and `match`: the first match at or after `init`.
fn find_aux<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx, find: bool) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let p = vm.check_str(cx, 1)?;
    let init = vm.opt_int(cx, 2, 1)?;
    let len = vm.heap.str_len(s);
    let init = start_index(init, len) - 1;
    if init > len {
        vm.push(Value::Nil);
        return Ok(1);
    }
    let pat = vm.str_bytes(p);
    if find && (!vm.arg(cx, 3).is_falsy() || !has_specials(&pat)) {
        let hit = vm.heap.with_str(s, |src| find_plain(&src[init..], &pat));
        return Ok(match hit {
            Some(i) => {
                vm.push(Value::Int((init + i + 1) as i64));
                vm.push(Value::Int((init + i + pat.len()) as i64));
                2
            }
            None => {
                vm.push(Value::Nil);
                1
            }
        });
    }
    let (anchored, p0) = anchor(&pat);
    let mut fuel = vm.instr_budget.get();
    let found = vm.heap.with_str(s, |src| {
        let mut m = Matcher::new(src, &pat).with_fuel(fuel);
        let mut at = init;
        let r = loop {
            match m.match_at(at, p0) {
                Ok(Some(e)) => break m.captures(at, e, !find).map(|c| Some((at, e, c))),
                Ok(None) => {}
                Err(e) => break Err(e),
            }
            at += 1;
            if anchored || at > src.len() {
                break Ok(None);
            }
        };
        fuel = m.fuel();
        r
    });
    let found = settle(vm, fuel, found)?;
    let Some((start, end, pieces)) = found else {
        vm.push(Value::Nil);
        return Ok(1);
    };
    if !find {
        return push_pieces(vm, s, &pieces);
    }
    vm.push(Value::Int(start as i64 + 1));
    vm.push(Value::Int(end as i64));
    Ok(2 + push_pieces(vm, s, &pieces)?)
}

/// `gmatch(s, pattern [, init])`: an iterator closure over the subject, the pattern, the
/// next start and the end of the last match (-1 before the first).
fn gmatch<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let p = vm.check_str(cx, 1)?;
    let init = vm.opt_int(cx, 2, 1)?;
    let len = vm.heap.str_len(s);
    let start = (start_index(init, len) - 1).min(len + 1);
    let upvals = vec![
        Value::Str(s),
        Value::Str(p),
        Value::Int(start as i64),
        Value::Int(-1),
    ];
    let f = vm.heap.new_function(FunctionObj::Native(NativeClosure {
        f: gmatch_step::<B>,
        upvals: upvals.into_boxed_slice(),
    }));
    vm.push(Value::Function(f));
    Ok(1)
}

fn gmatch_step<B: HeapBackend>(vm: &mut Vm<B>, _cx: CallCtx) -> R<B> {
    let Some(me) = vm.current_function() else {
        return Ok(0);
    };
    let up = |i| vm.heap.native_upvalue(me, i);
    let (Value::Str(s), Value::Str(p), Value::Int(pos), Value::Int(last)) =
        (up(0), up(1), up(2), up(3))
    else {
        return Ok(0);
    };
    let pat = vm.str_bytes(p);
    let last = usize::try_from(last).ok();
    // A `^` is an ordinary byte here: anchoring would stop the iteration.
    let mut fuel = vm.instr_budget.get();
    let found = vm.heap.with_str(s, |src| {
        let mut m = Matcher::new(src, &pat).with_fuel(fuel);
        let r = (|| {
            for at in pos as usize..=src.len() {
                if let Some(e) = m.match_at(at, 0)? {
                    if Some(e) != last {
                        return Ok(Some((e, m.captures(at, e, true)?)));
                    }
                }
            }
            Ok(None)
        })();
        fuel = m.fuel();
        r
    });
    let found = settle(vm, fuel, found)?;
    let Some((end, pieces)) = found else {
        return Ok(0);
    };
    vm.heap.set_native_upvalue(me, 2, Value::Int(end as i64));
    vm.heap.set_native_upvalue(me, 3, Value::Int(end as i64));
    push_pieces(vm, s, &pieces)
}

/// Hand the matcher's unused fuel back to the instruction budget; an exhausted matcher
/// raises the instruction-limit error, any other failure a pattern error.
fn settle<B: HeapBackend, T>(
    vm: &mut Vm<B>,
    fuel: u64,
    r: Result<T, String>,
) -> Result<T, LuaError<B>> {
    if fuel == 0 {
        return Err(vm.instructions_exhausted());
    }
    vm.instr_budget.set(fuel);
    r.map_err(|msg| vm.native_error(&msg))
}

/// What `gsub` puts in place of a match.
enum Repl<B: HeapBackend> {
    Text(Vec<u8>),
    Table(Value<B>),
    Call(Value<B>),
}

fn gsub<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let s = vm.check_str(cx, 0)?;
    let p = vm.check_str(cx, 1)?;
    // One copy of the subject: the replacement may run Lua code between matches.
    let src = vm.str_bytes(s);
    let pat = vm.str_bytes(p);
    let rv = vm.arg(cx, 2);
    let max_n = vm.opt_int(cx, 3, src.len() as i64 + 1)?;
    let repl = match rv {
        Value::Str(_) | Value::Int(_) | Value::Float(_) => {
            let t = vm.check_str(cx, 2)?;
            Repl::Text(vm.str_bytes(t))
        }
        Value::Table(_) => Repl::Table(rv),
        Value::Function(_) | Value::Native(_) => Repl::Call(rv),
        _ => {
            let present = cx.nargs > 2;
            return Err(vm.arg_type_error(2, "string/function/table", rv, present));
        }
    };
    let (anchored, p0) = anchor(&pat);
    let mut m = Matcher::new(&src, &pat);
    let mut out = Vec::with_capacity(src.len());
    // A replacement can repeat the subject many times over: check the memory limit each
    // time the result has doubled.
    let mut room = src.len().max(1 << 16);
    let (mut pos, mut last, mut n) = (0, None, 0i64);
    while n < max_n {
        // The replacement may run Lua code between matches, which spends budget too.
        m.set_fuel(vm.instr_budget.get());
        let found = m.match_at(pos, p0);
        let found = settle(vm, m.fuel(), found)?;
        match found {
            Some(e) if Some(e) != last => {
                n += 1;
                add_value(vm, &m, &src, (pos, e), &repl, &mut out)?;
                if out.len() > room {
                    super::ensure_room(vm, out.len())?;
                    room = out.len().saturating_mul(2);
                }
                pos = e;
                last = Some(e);
            }
            _ if pos < src.len() => {
                out.push(src[pos]);
                pos += 1;
            }
            _ => break,
        }
        if anchored {
            break;
        }
    }
    out.extend_from_slice(&src[pos..]);
    let v = vm.str(out);
    vm.push(v);
    vm.push(Value::Int(n));
    Ok(2)
}

/// Append the replacement for the match `span` of `src`.
fn add_value<B: HeapBackend>(
    vm: &mut Vm<B>,
    m: &Matcher,
    src: &[u8],
    span: (usize, usize),
    repl: &Repl<B>,
    out: &mut Vec<u8>,
) -> Result<(), LuaError<B>> {
    let (s, e) = span;
    let piece_value = |vm: &Vm<B>, p: Piece| match p {
        Piece::Span(a, b) => vm.str(&src[a..b]),
        Piece::Pos(i) => Value::Int(i as i64 + 1),
    };
    let r = match repl {
        Repl::Text(t) => return expand(m, src, span, t, out).map_err(|msg| vm.native_error(&msg)),
        Repl::Table(t) => {
            let key = m.capture(0, s, e).map_err(|msg| vm.native_error(&msg))?;
            let key = piece_value(vm, key);
            vm.get_value(*t, key)?
        }
        Repl::Call(f) => {
            let pieces = m
                .captures(s, e, true)
                .map_err(|msg| vm.native_error(&msg))?;
            let args: Vec<_> = pieces.into_iter().map(|p| piece_value(vm, p)).collect();
            vm.call1(*f, &args)?
        }
    };
    match r {
        _ if r.is_falsy() => out.extend_from_slice(&src[s..e]),
        Value::Str(x) => vm.heap.with_str(x, |b| out.extend_from_slice(b)),
        Value::Int(_) | Value::Float(_) => out.extend_from_slice(&vm.tostring_raw(r)),
        other => {
            let msg = format!("invalid replacement value (a {})", other.type_name());
            return Err(vm.native_error(&msg));
        }
    }
    Ok(())
}

/// A replacement string with `%0`..`%9` and `%%` expanded.
fn expand(
    m: &Matcher,
    src: &[u8],
    (s, e): (usize, usize),
    t: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let mut i = 0;
    while let Some(k) = t[i..].iter().position(|&b| b == b'%') {
        out.extend_from_slice(&t[i..i + k]);
        let at = i + k + 1;
        match t.get(at) {
            Some(b'%') => out.push(b'%'),
            Some(b'0') => out.extend_from_slice(&src[s..e]),
            Some(&d) if d.is_ascii_digit() => match m.capture(usize::from(d - b'1'), s, e)? {
                Piece::Span(a, b) => out.extend_from_slice(&src[a..b]),
                Piece::Pos(p) => out.extend_from_slice((p + 1).to_string().as_bytes()),
            },
            _ => return Err("invalid use of '%' in replacement string".into()),
        }
        i = at + 1;
    }
    out.extend_from_slice(&t[i..]);
    Ok(())
}
