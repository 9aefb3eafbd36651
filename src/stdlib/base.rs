//! The basic library (manual §6.1).

use super::{lib_table, set_fn};
use crate::error::LuaError;
use crate::heap::HeapBackend;
use crate::number::{self, Number};
use crate::value::Value;
use crate::vm::meta::Event;
use crate::vm::{CallCtx, Pending, Vm};

type R<B> = Result<usize, LuaError<B>>;

pub fn open<B: HeapBackend>(vm: &mut Vm<B>) {
    let g = vm.globals();
    let fns: &[(&str, crate::vm::NativeFn<B>)] = &[
        ("assert", assert),
        ("collectgarbage", collectgarbage),
        ("error", error),
        ("getmetatable", getmetatable),
        ("ipairs", ipairs),
        ("next", next),
        ("pairs", pairs),
        ("pcall", pcall),
        ("print", print),
        ("rawequal", rawequal),
        ("rawget", rawget),
        ("rawlen", rawlen),
        ("rawset", rawset),
        ("select", select),
        ("setmetatable", setmetatable),
        ("tonumber", tonumber),
        ("tostring", tostring),
        ("type", type_),
        ("xpcall", xpcall),
        ("load", load),
        ("loadfile", loadfile),
        ("dofile", dofile),
        ("warn", warn),
    ];
    for (name, f) in fns {
        set_fn(vm, g, name, *f);
    }
    vm.set_global("_G", Value::Table(g));
    let v = vm.str("Lua 5.4");
    vm.set_global("_VERSION", v);
    lib_table(vm, "_G", g);
}

fn print<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let mut out = Vec::new();
    for i in 0..cx.nargs {
        if i > 0 {
            out.push(b'\t');
        }
        let s = vm.tostring(vm.arg(cx, i))?;
        vm.heap.with_str(s, |b| out.extend_from_slice(b));
    }
    out.push(b'\n');
    vm.write_out(&out);
    Ok(0)
}

fn type_<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let v = vm.check_any(cx, 0)?;
    let s = vm.str(v.type_name());
    vm.push(s);
    Ok(1)
}

fn tostring<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let v = vm.check_any(cx, 0)?;
    let s = vm.tostring(v)?;
    vm.push(Value::Str(s));
    Ok(1)
}

fn tonumber<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let v = vm.arg(cx, 0);
    if vm.arg(cx, 1).is_nil() {
        let r = match v {
            Value::Int(_) | Value::Float(_) => v,
            Value::Str(_) => vm.to_number(v).unwrap_or(Value::Nil),
            _ => {
                vm.check_any(cx, 0)?;
                Value::Nil
            }
        };
        vm.push(r);
        return Ok(1);
    }
    let base = vm.check_int(cx, 1)?;
    let s = match v {
        Value::Str(s) => s,
        _ => return Err(vm.arg_type_error(0, "string", v, cx.nargs > 0)),
    };
    if !(2..=36).contains(&base) {
        return Err(vm.arg_error(1, "base out of range"));
    }
    let r = vm.heap.with_str(s, |b| parse_in_base(b, base as u32));
    vm.push(r.map(Value::Int).unwrap_or(Value::Nil));
    Ok(1)
}

/// An integer numeral in `base`, with optional sign and surrounding spaces; wraps on overflow.
fn parse_in_base(s: &[u8], base: u32) -> Option<i64> {
    let s = trim_spaces(s);
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for &c in digits {
        let d = (c as char).to_digit(36)?;
        if d >= base {
            return None;
        }
        n = n.wrapping_mul(base as i64).wrapping_add(d as i64);
    }
    Some(if neg { n.wrapping_neg() } else { n })
}

fn trim_spaces(s: &[u8]) -> &[u8] {
    let is_space = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let start = s.iter().position(|c| !is_space(c)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|c| !is_space(c))
        .map_or(start, |e| e + 1);
    &s[start..end]
}

fn ipairs<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let t = vm.check_any(cx, 0)?;
    vm.push(Value::Native(ipairs_step));
    vm.push(t);
    vm.push(Value::Int(0));
    Ok(3)
}

fn ipairs_step<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let t = vm.arg(cx, 0);
    let i = vm.check_int(cx, 1)?.wrapping_add(1);
    let v = match t {
        Value::Table(tt) if vm.heap.metatable(tt).is_none() => vm.heap.get_int(tt, i),
        _ => vm.get_value(t, Value::Int(i))?,
    };
    if v.is_nil() {
        vm.push(Value::Nil);
        return Ok(1);
    }
    vm.push(Value::Int(i));
    vm.push(v);
    Ok(2)
}

fn next<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let t = vm.check_table(cx, 0)?;
    let k = vm.arg(cx, 1);
    match vm.heap.next(t, k) {
        Ok(Some((k, v))) => {
            vm.push(k);
            vm.push(v);
            Ok(2)
        }
        Ok(None) => {
            vm.push(Value::Nil);
            Ok(1)
        }
        Err(e) => Err(vm.native_error(&e.to_string())),
    }
}

fn pairs<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let t = vm.check_any(cx, 0)?;
    let tm = vm.metamethod(t, Event::Pairs);
    if !tm.is_nil() {
        // A tail call rather than `vm.call`, so that `__pairs` may yield as in 5.4 (which
        // gives a continuation); it passes on all results where 5.4 keeps exactly three.
        return vm.tail_call(tm, &[t]);
    }
    vm.push(Value::Native(next));
    vm.push(t);
    vm.push(Value::Nil);
    Ok(3)
}

fn select<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let n = cx.nargs as i64 - 1;
    if let Value::Str(s) = vm.arg(cx, 0) {
        // lua5.4 looks at the first character only: "#" and "#anything" both count.
        if vm.heap.with_str(s, |b| b.first() == Some(&b'#')) {
            vm.push(Value::Int(n));
            return Ok(1);
        }
    }
    let i = vm.check_int(cx, 0)?;
    let i = if i < 0 {
        n + i
    } else if i == 0 {
        return Err(vm.arg_error(0, "index out of range"));
    } else {
        i - 1
    };
    if i < 0 {
        return Err(vm.arg_error(0, "index out of range"));
    }
    let first = (i.min(n) as usize) + 1;
    let count = cx.nargs - first;
    // The selected arguments are already the last `count` values below the top.
    Ok(count)
}

fn rawequal<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let a = vm.check_any(cx, 0)?;
    let b = vm.check_any(cx, 1)?;
    vm.push(Value::Bool(a.raw_eq(&b)));
    Ok(1)
}

fn rawlen<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let n = match vm.arg(cx, 0) {
        Value::Table(t) => vm.heap.length(t),
        Value::Str(s) => vm.heap.str_len(s) as i64,
        v => return Err(vm.arg_type_error(0, "table or string", v, cx.nargs > 0)),
    };
    vm.push(Value::Int(n));
    Ok(1)
}

fn rawget<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let t = vm.check_table(cx, 0)?;
    let k = vm.check_any(cx, 1)?;
    let v = match crate::value::Key::lookup(k) {
        Some(k) => vm.heap.get(t, k),
        None => Value::Nil,
    };
    vm.push(v);
    Ok(1)
}

fn rawset<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let t = vm.check_table(cx, 0)?;
    let k = vm.check_any(cx, 1)?;
    let v = vm.check_any(cx, 2)?;
    // Raised by the core's raw store in lua5.4 (`luaG_runerror` while a C function
    // runs), so the message carries no position.
    let key = crate::value::Key::new(k).map_err(|e| vm.error_value(&e.to_string()))?;
    match vm.heap.set(t, key, v) {
        Err(e @ crate::error::HeapError::OutOfMemory) => {
            vm.store_refused(e, |h| h.set(t, key, v))?
        }
        Err(e) => return Err(vm.error_value(&e.to_string())),
        Ok(()) => {}
    }
    vm.push(Value::Table(t));
    Ok(1)
}

fn getmetatable<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let v = vm.check_any(cx, 0)?;
    let r = match vm.metatable_of(v) {
        None => Value::Nil,
        Some(mt) => {
            let protected = vm
                .heap
                .get_str(mt, vm.event_names[Event::Metatable as usize]);
            if protected.is_nil() {
                Value::Table(mt)
            } else {
                protected
            }
        }
    };
    vm.push(r);
    Ok(1)
}

fn setmetatable<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let t = vm.check_table(cx, 0)?;
    if cx.nargs < 2 {
        return Err(vm.arg_type_error(1, "nil or table", Value::Nil, false));
    }
    let mt = match vm.arg(cx, 1) {
        Value::Nil => None,
        Value::Table(m) => Some(m),
        v => return Err(vm.arg_type_error(1, "nil or table", v, cx.nargs > 1)),
    };
    if let Some(old) = vm.heap.metatable(t) {
        if !vm
            .heap
            .get_str(old, vm.event_names[Event::Metatable as usize])
            .is_nil()
        {
            return Err(vm.native_error("cannot change a protected metatable"));
        }
    }
    vm.heap.set_metatable(t, mt);
    vm.push(Value::Table(t));
    Ok(1)
}

fn assert<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let v = vm.check_any(cx, 0)?;
    if !v.is_falsy() {
        // Return every argument: they are the values just below the top.
        return Ok(cx.nargs);
    }
    // As `error(message, 1)`: a string message gets the caller's position.
    let msg = if cx.nargs >= 2 {
        vm.arg(cx, 1)
    } else {
        vm.str("assertion failed!")
    };
    Err(raise(vm, msg, 1))
}

fn error<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let v = vm.arg(cx, 0);
    let level = vm.opt_int(cx, 1, 1)?;
    Err(raise(vm, v, level))
}

/// The error `error(v, level)` raises: string messages get the position `level` up.
fn raise<B: HeapBackend>(vm: &Vm<B>, v: Value<B>, level: i64) -> LuaError<B> {
    if let (Value::Str(s), true) = (v, level > 0) {
        let w = vm.where_level(level as usize);
        if !w.is_empty() {
            let mut m = w.into_bytes();
            vm.heap.with_str(s, |b| m.extend_from_slice(b));
            return LuaError::new(Value::Str(vm.heap.intern(&m)));
        }
    }
    LuaError::new(v)
}

fn pcall<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    vm.check_any(cx, 0)?;
    vm.set_pending(Pending::Protected {
        func: cx.base,
        nargs: cx.nargs - 1,
        handler: false,
    });
    Ok(0)
}

fn xpcall<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = vm.arg(cx, 0);
    let h = vm.arg(cx, 1);
    if !matches!(h, Value::Function(_) | Value::Native(_)) {
        return Err(vm.arg_type_error(1, "function", h, cx.nargs > 1));
    }
    // Lay the call out as function, then its arguments: f moves next to them, and the
    // handler waits in the first slot, where the VM looks for it.
    vm.heap.set_reg(cx.base, h);
    vm.heap.set_reg(cx.base + 1, f);
    vm.set_pending(Pending::Protected {
        func: cx.base + 1,
        nargs: cx.nargs - 2,
        handler: true,
    });
    Ok(0)
}

fn collectgarbage<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let opt = match vm.opt_str(cx, 0)? {
        Some(s) => vm.str_bytes(s),
        None => b"collect".to_vec(),
    };
    let v = match &opt[..] {
        b"count" => Value::Float(vm.gc_heap_kb()),
        b"collect" => {
            vm.full_gc();
            vm.run_finalizers();
            Value::Int(0)
        }
        // Each step is a whole (stop-the-world) cycle, so every step finishes one.
        b"step" => {
            vm.opt_int(cx, 1, 0)?;
            vm.full_gc();
            vm.run_finalizers();
            Value::Bool(true)
        }
        b"stop" | b"restart" => {
            vm.gc.running = &opt[..] == b"restart";
            Value::Int(0)
        }
        b"isrunning" => Value::Bool(vm.gc.running),
        b"incremental" | b"generational" => {
            let was = if vm.gc.generational {
                "generational"
            } else {
                "incremental"
            };
            vm.gc.generational = &opt[..] == b"generational";
            vm.str(was)
        }
        b"setpause" | b"setstepmul" => {
            // Stored in quarters in a byte, as lua5.4 keeps them (150 reads back as 148).
            let n = (vm.opt_int(cx, 1, 0)?.max(0) / 4) as u8 as usize * 4;
            let slot = if &opt[..] == b"setpause" {
                &mut vm.gc.pause
            } else {
                &mut vm.gc.stepmul
            };
            Value::Int(std::mem::replace(slot, n) as i64)
        }
        _ => {
            let msg = format!("invalid option '{}'", String::from_utf8_lossy(&opt));
            return Err(vm.arg_error(0, &msg));
        }
    };
    vm.push(v);
    Ok(1)
}

/// `tonumber` on a string, shared with the string library's arithmetic.
pub fn str_to_value<B: HeapBackend>(b: &[u8]) -> Option<Value<B>> {
    number::str_to_number(b).map(|n| match n {
        Number::Int(i) => Value::Int(i),
        Number::Float(f) => Value::Float(f),
    })
}

// ---- loading chunks and warnings ---------------------------------------------------

/// `load(chunk [, chunkname [, mode [, env]]])`.
fn load<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    // Arguments are checked in lua5.4's order: the mode, then the chunk name, and only
    // then whether a chunk that is not a string is a function.
    let chunk = vm.arg(cx, 0);
    let text = match chunk {
        Value::Str(_) | Value::Int(_) | Value::Float(_) => {
            let s = vm.check_str(cx, 0)?;
            Some(vm.str_bytes(s))
        }
        _ => None,
    };
    let mode = mode_arg(vm, cx, 2)?;
    let mut name = match vm.opt_str(cx, 1)? {
        Some(s) => vm.str_bytes(s),
        None => text.clone().unwrap_or_else(|| b"=(load)".to_vec()),
    };
    if text.is_none() && !matches!(chunk, Value::Function(_) | Value::Native(_)) {
        return Err(vm.arg_type_error(0, "function", chunk, cx.nargs > 0));
    }
    let src = text.unwrap_or_default();
    // A C string in lua5.4, like the mode: the name ends at its first NUL.
    if let Some(nul) = name.iter().position(|&c| c == 0) {
        name.truncate(nul);
    }
    let env = (cx.nargs > 3).then(|| vm.arg(cx, 3));
    let src = match chunk {
        Value::Function(_) | Value::Native(_) => match read_pieces(vm, chunk, &name, &mode) {
            Ok(b) => b,
            Err(e) => return Ok(push_fail(vm, e)),
        },
        _ => src,
    };
    match compile_checked(vm, &src, &name, &mode, false, env) {
        Ok(f) => {
            vm.push(f);
            Ok(1)
        }
        Err(e) => Ok(push_fail(vm, e)),
    }
}

/// Call a `load` reader until it returns nil or "", concatenating its pieces; errors
/// raised by the reader come back as the value. lua5.4 reads lazily: its scanner has
/// always read one character past the current token, and a syntax error stops the reading.
/// So a chunk is recompiled as pieces arrive (after each one while it is small, then each
/// time it doubles), and a syntax error is final once lua5.4 would have raised it: when
/// the character after the token it names was already read. The mode is checked on the
/// first piece, as lua5.4 does.
fn read_pieces<B: HeapBackend>(
    vm: &mut Vm<B>,
    reader: Value<B>,
    chunkname: &[u8],
    mode: &[u8],
) -> Result<Vec<u8>, Value<B>> {
    // Up to this size every piece is checked: exact for the readers that matter (a few
    // pieces, or one character at a time), and bounded work for a reader of tiny pieces.
    const CHECK_EVERY_PIECE: usize = 4096;
    let mut src = Vec::new();
    let mut checked = 0;
    loop {
        let piece = match vm.call1(reader, &[]) {
            Ok(v) => v,
            // Already through the message handler in force (`apply_error_handler`).
            Err(e) => return Err(e.value),
        };
        let before = src.len();
        match piece {
            Value::Nil => return Ok(src),
            Value::Str(s) => vm.heap.with_str(s, |b| src.extend_from_slice(b)),
            Value::Int(_) | Value::Float(_) => src.extend(vm.tostring_raw(piece)),
            _ => {
                return Err(vm
                    .native_error("reader function must return a string")
                    .value)
            }
        }
        if src.len() == before {
            return Ok(src);
        }
        if before == 0 {
            check_mode(vm, &src, chunkname, mode)?;
        }
        if src.len() <= CHECK_EVERY_PIECE || src.len() >= 2 * checked {
            checked = src.len();
            if let Err(e) = crate::compiler::compile_chunk(&src, chunkname, false) {
                if e.1.is_some_and(|read_to| read_to < src.len()) {
                    return Err(vm.str(e.0));
                }
            }
        }
    }
}

/// `nil, message`: how the loaders report failure.
fn push_fail<B: HeapBackend>(vm: &mut Vm<B>, msg: Value<B>) -> usize {
    vm.push(Value::Nil);
    vm.push(msg);
    2
}

fn mode_arg<B: HeapBackend>(vm: &Vm<B>, cx: CallCtx, i: usize) -> Result<Vec<u8>, LuaError<B>> {
    Ok(match vm.opt_str(cx, i)? {
        Some(s) => vm.str_bytes(s),
        None => b"bt".to_vec(),
    })
}

/// Check the chunk against `mode`, then compile it. There is no binary chunk format here,
/// so a binary chunk that `mode` allows fails as an undecodable one does in lua5.4:
/// `name: bad binary format (binary chunks are not supported)`.
fn compile_checked<B: HeapBackend>(
    vm: &mut Vm<B>,
    src: &[u8],
    chunkname: &[u8],
    mode: &[u8],
    file_prefix: bool,
    env: Option<Value<B>>,
) -> Result<Value<B>, Value<B>> {
    let body = if file_prefix { skip_prefix(src) } else { src };
    check_mode(vm, body, chunkname, mode)?;
    vm.load_with_env(src, chunkname, file_prefix, env)
        .map_err(|e| vm.str(e))
}

/// Whether `mode` allows the chunk that starts `body`; a binary chunk never loads.
fn check_mode<B: HeapBackend>(
    vm: &Vm<B>,
    body: &[u8],
    chunkname: &[u8],
    mode: &[u8],
) -> Result<(), Value<B>> {
    // A C string in lua5.4: the mode ends at its first NUL, for the check and the message.
    let mode = &mode[..mode.iter().position(|&c| c == 0).unwrap_or(mode.len())];
    let binary = body.first() == Some(&0x1b);
    let (kind, letter) = if binary {
        ("binary", b'b')
    } else {
        ("text", b't')
    };
    if !mode.contains(&letter) {
        let m = String::from_utf8_lossy(mode);
        return Err(vm.str(format!("attempt to load a {kind} chunk (mode is '{m}')")));
    }
    if binary {
        let name = match chunkname.first() {
            Some(b'@' | b'=') => &chunkname[1..],
            Some(0x1b) => &b"binary string"[..],
            _ => chunkname,
        };
        let mut m = name.to_vec();
        m.extend_from_slice(b": bad binary format (");
        m.extend_from_slice(binary_header_problem(body).as_bytes());
        m.push(b')');
        return Err(vm.str(m));
    }
    Ok(())
}

/// What lua5.4's `checkHeader` says of a binary chunk's header, in its order: the first
/// field that does not match, or "truncated chunk" where the bytes end first, in the
/// header or in the function after it. A whole chunk that lua5.4 would accept still fails
/// here, since binary chunks do not load.
fn binary_header_problem(body: &[u8]) -> &'static str {
    // After the escape byte: "Lua", version 5.4, official format, the conversion-check
    // bytes, the sizes of Instruction, lua_Integer and lua_Number, then 0x5678 and 370.5.
    let mut fields: Vec<(Vec<u8>, &'static str)> = vec![
        (b"Lua".to_vec(), "not a binary chunk"),
        (vec![0x54], "version mismatch"),
        (vec![0], "format mismatch"),
        (b"\x19\x93\r\n\x1a\n".to_vec(), "corrupted chunk"),
        (vec![4], "Instruction size mismatch"),
        (vec![8], "lua_Integer size mismatch"),
        (vec![8], "lua_Number size mismatch"),
    ];
    fields.push((0x5678i64.to_le_bytes().to_vec(), "integer format mismatch"));
    fields.push((370.5f64.to_le_bytes().to_vec(), "float format mismatch"));
    let mut rest = body.get(1..).unwrap_or_default();
    for (want, why) in &fields {
        let Some(got) = rest.get(..want.len()) else {
            return "truncated chunk";
        };
        if got != &want[..] {
            return why;
        }
        rest = &rest[want.len()..];
    }
    // lua5.4 goes on to read the function. Read it as it would (`compiler::undump`): a
    // body that ends early is a truncated chunk there too.
    match crate::compiler::undump::undump(body) {
        Err(crate::compiler::undump::UndumpError::Truncated(_)) => "truncated chunk",
        _ => "binary chunks are not supported",
    }
}

/// What `luaL_loadfile` skips before looking at a file: a UTF-8 BOM and a `#` line.
fn skip_prefix(src: &[u8]) -> &[u8] {
    let src = src.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(src);
    if src.first() == Some(&b'#') {
        let end = src.iter().position(|&c| c == b'\n').unwrap_or(src.len());
        &src[end..]
    } else {
        src
    }
}

/// `luaL_loadfilex`: the file (stdin when `None`) compiled as chunk `@name`, or the error
/// message (`cannot open ...`, a syntax error, a mode mismatch).
pub(crate) fn load_file<B: HeapBackend>(
    vm: &mut Vm<B>,
    path: Option<&[u8]>,
    mode: &[u8],
    env: Option<Value<B>>,
) -> Result<Value<B>, Value<B>> {
    use std::io::Read;
    let (chunkname, src) = match path {
        None => {
            let mut buf = Vec::new();
            let r = std::io::stdin().lock().read_to_end(&mut buf);
            (b"=stdin".to_vec(), r.map(|_| buf).map_err(|e| ("read", e)))
        }
        Some(p) => {
            let mut name = b"@".to_vec();
            name.extend_from_slice(super::os::c_str(p));
            let src = std::fs::File::open(super::os::to_path(p))
                .map_err(|e| ("open", e))
                .and_then(|mut f| {
                    let mut buf = Vec::new();
                    f.read_to_end(&mut buf)
                        .map(|_| buf)
                        .map_err(|e| ("read", e))
                });
            (name, src)
        }
    };
    match src {
        Ok(src) => compile_checked(vm, &src, &chunkname, mode, true, env),
        Err((what, e)) => {
            let mut msg = format!("cannot {what} ").into_bytes();
            msg.extend_from_slice(&chunkname[1..]);
            msg.extend_from_slice(format!(": {}", super::os::strerror(&e)).as_bytes());
            Err(vm.str(&msg))
        }
    }
}

fn loadfile<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let path = vm.opt_str(cx, 0)?.map(|s| vm.str_bytes(s));
    let mode = mode_arg(vm, cx, 1)?;
    let env = (cx.nargs > 2).then(|| vm.arg(cx, 2));
    match load_file(vm, path.as_deref(), &mode, env) {
        Ok(f) => {
            vm.push(f);
            Ok(1)
        }
        Err(e) => Ok(push_fail(vm, e)),
    }
}

/// `dofile`: runs the chunk through a nested call, so (unlike lua5.4's) it cannot yield.
fn dofile<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let path = vm.opt_str(cx, 0)?.map(|s| vm.str_bytes(s));
    let f = load_file(vm, path.as_deref(), b"bt", None).map_err(LuaError::new)?;
    // The chunk replaces dofile's frame, so that it may yield (5.4 gives a continuation).
    vm.tail_call(f, &[])
}

/// `warn(msg1, ...)`: to stderr as `Lua warning: ...` once `@on`; off at start, as in the
/// stand-alone lua5.4. The switch lives in the registry, out of Lua's reach.
fn warn<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    vm.check_str(cx, 0)?;
    let mut msg = Vec::new();
    for i in 0..cx.nargs {
        let s = vm.check_str(cx, i)?;
        vm.heap.with_str(s, |b| msg.extend_from_slice(b));
    }
    let key = vm.heap.intern(b"_WARN");
    let reg = vm.registry();
    if cx.nargs == 1 && msg.first() == Some(&b'@') {
        match &msg[1..] {
            b"on" => vm.heap.set_str(reg, key, Value::Bool(true)),
            b"off" => vm.heap.set_str(reg, key, Value::Nil),
            _ => Ok(()),
        }
        .map_err(|e| vm.native_error(&e.to_string()))?;
    } else if !vm.heap.get_str(reg, key).is_nil() {
        use std::io::Write;
        let mut line = b"Lua warning: ".to_vec();
        line.extend_from_slice(&msg);
        line.push(b'\n');
        let _ = std::io::stderr().write_all(&line);
    }
    Ok(0)
}
