//! The debug library (manual §6.10), as far as this VM can support it.
//!
//! Levels count as in lua5.4: 0 is the debug function itself, 1 its caller, and on the
//! main thread the host below the first frame is one more (C) level. A thread argument
//! is looked into by switching to it for the duration of the query ([`Vm::on_thread`]).
//!
//! Missing, because the VM has nothing for them to act on: `sethook`/`gethook` (no
//! hooks), `setlocal` (the guard and transaction backends write-protect the registers
//! of a waiting frame, and the heap trait has no debugger's way around that), `upvalueid`/`upvaluejoin` (no light userdata; a closure's upvalue cannot be
//! replaced through the heap trait) and `debug.debug` (no interactive console). Tail
//! calls are not recorded, so `istailcall` is always false and no `(...tail calls...)`
//! line appears. The upvalues of native closures cannot be counted through the heap
//! trait, so they are reported as none.

use super::new_lib;
use crate::error::LuaError;
use crate::function::{Callee, LuaProto};
use crate::heap::HeapBackend;
use crate::proto::chunk_id;
use crate::value::Value;
use crate::vm::debug::Level;
use crate::vm::{CallCtx, CoStatus, Vm};
use std::rc::Rc;

type R<B> = Result<usize, LuaError<B>>;

const DEFAULT_INFO: &[u8] = b"flnSrtu";
const INFO_OPTIONS: &[u8] = b"SlnrutfL";

pub fn open<B: HeapBackend>(vm: &mut Vm<B>) {
    new_lib(
        vm,
        "debug",
        &[
            ("getinfo", getinfo),
            ("getlocal", getlocal),
            ("getmetatable", getmetatable),
            ("getregistry", getregistry),
            ("getupvalue", getupvalue),
            ("getuservalue", getuservalue),
            ("setmetatable", setmetatable),
            ("setupvalue", setupvalue),
            ("setuservalue", setuservalue),
            ("traceback", traceback),
        ],
    );
}

/// The optional thread first argument, and the index of the argument after it.
fn thread_arg<B: HeapBackend>(vm: &Vm<B>, cx: CallCtx) -> (Option<B::Thread>, usize) {
    match vm.arg(cx, 0) {
        Value::Thread(t) if t != vm.heap.current_thread() => (Some(t), 1),
        Value::Thread(_) => (None, 1),
        _ => (None, 0),
    }
}

/// Run `f` on `th`, or on the running thread.
fn on<B: HeapBackend, T>(
    vm: &mut Vm<B>,
    th: Option<B::Thread>,
    f: impl FnOnce(&mut Vm<B>) -> T,
) -> T {
    match th {
        Some(t) => vm.on_thread(t, f),
        None => f(vm),
    }
}

fn is_function<B: HeapBackend>(v: Value<B>) -> bool {
    matches!(v, Value::Function(_) | Value::Native(_))
}

fn proto_of<B: HeapBackend>(vm: &Vm<B>, f: Value<B>) -> Option<Rc<LuaProto<B>>> {
    match f {
        Value::Function(h) => match vm.heap.function(h) {
            Callee::Lua(p) => Some(p),
            Callee::Native(_) => None,
        },
        _ => None,
    }
}

fn traceback<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (th, a) = thread_arg(vm, cx);
    let msg = vm.arg(cx, a);
    let mut text = match msg {
        Value::Nil => Vec::new(),
        Value::Str(s) => vm.str_bytes(s),
        Value::Int(_) | Value::Float(_) => vm.tostring_raw(msg),
        _ => {
            vm.push(msg);
            return Ok(1);
        }
    };
    // lua5.4 passes the message on as a C string: it ends at its first NUL.
    if let Some(nul) = text.iter().position(|&b| b == 0) {
        text.truncate(nul);
    }
    let level = vm.opt_int(cx, a + 1, if th.is_some() { 0 } else { 1 })?;
    let tb = on(vm, th, |vm| vm.traceback_from(level));
    if !msg.is_nil() {
        text.push(b'\n');
    }
    text.extend_from_slice(tb.as_bytes());
    let v = vm.str(text);
    vm.push(v);
    Ok(1)
}

/// What `getinfo` reports about a function or a running level.
struct Info<B: HeapBackend> {
    func: Option<Value<B>>,
    proto: Option<Rc<LuaProto<B>>>,
    line: i64,
    nups: usize,
    name: Option<(&'static str, String)>,
}

fn level_info<B: HeapBackend>(vm: &Vm<B>, level: Level) -> Info<B> {
    match level {
        Level::Host => Info {
            func: None,
            proto: None,
            line: -1,
            nups: 0,
            name: None,
        },
        Level::Frame(idx) => {
            let f = &vm.state.frames[idx];
            let proto = f.proto.clone();
            Info {
                func: Some(vm.frame_func(idx)),
                nups: proto.as_ref().map_or(0, |p| p.upvalues.len()),
                proto,
                line: vm.frame_line(idx),
                name: vm.frame_fn_name(idx),
            }
        }
    }
}

fn getinfo<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (th, a) = thread_arg(vm, cx);
    let opts = match vm.opt_str(cx, a + 1)? {
        Some(s) => vm.str_bytes(s),
        None => DEFAULT_INFO.to_vec(),
    };
    if opts.first() == Some(&b'>') {
        return Err(vm.arg_error(a + 1, "invalid option '>'"));
    }
    let target = vm.arg(cx, a);
    let info = if is_function(target) {
        let proto = proto_of(vm, target);
        Info {
            func: Some(target),
            nups: proto.as_ref().map_or(0, |p| p.upvalues.len()),
            proto,
            line: -1,
            name: None,
        }
    } else {
        let level = vm.check_int(cx, a)?;
        let found = on(vm, th, |vm| {
            let l = vm.level(usize::try_from(level).ok()?)?;
            Some(level_info(vm, l))
        });
        match found {
            Some(i) => i,
            None => {
                vm.push(Value::Nil);
                return Ok(1);
            }
        }
    };
    if opts.iter().any(|c| !INFO_OPTIONS.contains(c)) {
        return Err(vm.arg_error(a + 1, "invalid option"));
    }
    let t = vm.heap.new_table(0, 16);
    let set = |vm: &mut Vm<B>, k: &str, v: Value<B>| {
        let k = vm.heap.intern(k.as_bytes());
        let _ = vm.heap.set_str(t, k, v);
    };
    let p = info.proto.as_deref();
    for c in opts {
        match c {
            b'S' => {
                let (src, first, last, what): (&[u8], i64, i64, &str) = match p {
                    Some(p) => (
                        &p.source,
                        p.line_defined.into(),
                        p.last_line_defined.into(),
                        if p.line_defined == 0 { "main" } else { "Lua" },
                    ),
                    None => (b"=[C]", -1, -1, "C"),
                };
                let short = vm.str(chunk_id(src));
                let src = vm.str(src);
                set(vm, "source", src);
                set(vm, "short_src", short);
                set(vm, "linedefined", Value::Int(first));
                set(vm, "lastlinedefined", Value::Int(last));
                let what = vm.str(what);
                set(vm, "what", what);
            }
            b'l' => set(vm, "currentline", Value::Int(info.line)),
            b'u' => {
                set(vm, "nups", Value::Int(info.nups as i64));
                set(
                    vm,
                    "nparams",
                    Value::Int(p.map_or(0, |p| p.num_params.into())),
                );
                set(vm, "isvararg", Value::Bool(p.is_none_or(|p| p.is_vararg)));
            }
            b'n' => {
                let (kind, name) = match &info.name {
                    Some((k, n)) => (*k, Some(vm.str(n))),
                    None => ("", None),
                };
                if let Some(n) = name {
                    set(vm, "name", n);
                }
                let kind = vm.str(kind);
                set(vm, "namewhat", kind);
            }
            b'r' => {
                set(vm, "ftransfer", Value::Int(0));
                set(vm, "ntransfer", Value::Int(0));
            }
            b't' => set(vm, "istailcall", Value::Bool(false)),
            b'f' => {
                if let Some(f) = info.func {
                    set(vm, "func", f);
                }
            }
            b'L' => {
                if let Some(p) = p {
                    let lines = vm.heap.new_table(0, 0);
                    // A vararg function's first instruction (VARARGPREP) has no line of its own.
                    let skip = usize::from(p.is_vararg);
                    for pc in skip..p.code.len() {
                        let _ = vm
                            .heap
                            .set_int(lines, p.line_at(pc).into(), Value::Bool(true));
                    }
                    set(vm, "activelines", Value::Table(lines));
                }
            }
            _ => {}
        }
    }
    vm.push(Value::Table(t));
    Ok(1)
}

/// Name and stack slot of local `n` of level `level` (`None` when there is no such
/// local); `Err(())` when the level does not exist.
fn find_local<B: HeapBackend>(
    vm: &Vm<B>,
    level: i64,
    n: i64,
) -> Result<Option<(String, usize)>, ()> {
    let l = usize::try_from(level)
        .ok()
        .and_then(|l| vm.level(l))
        .ok_or(())?;
    let Level::Frame(idx) = l else {
        return Ok(None);
    };
    // A dead coroutine's registers may be gone; its frames are shown, its locals not.
    if vm.state.status == CoStatus::Dead {
        return Ok(None);
    }
    let frames = &vm.state.frames;
    let f = &frames[idx];
    // Temporaries reach up to the next frame's function, or the top in the innermost one.
    // A vararg function's frame starts above its arguments, where lua5.4 moves the
    // function when it adjusts them: the caller's temporaries reach up to there.
    let limit = frames
        .get(idx + 1)
        .map_or(vm.state.top, |g| match &g.proto {
            Some(p) if p.is_vararg => g.func + 1 + p.num_params as usize + g.nvarargs,
            _ => g.func,
        });
    let temp = |name: &str| {
        let slot = f.base + usize::try_from(n).ok()? - 1;
        (n > 0 && slot < limit).then(|| (name.to_string(), slot))
    };
    Ok(match &f.proto {
        None => temp("(C temporary)"),
        Some(p) if n < 0 => {
            let k = n.unsigned_abs() as usize;
            (p.is_vararg && k <= f.nvarargs)
                .then(|| ("(vararg)".to_string(), f.func + p.num_params as usize + k))
        }
        Some(_) if n == 0 => None,
        Some(p) => match p.local_name(n as usize, f.pc.saturating_sub(1)) {
            Some(name) => Some((name.to_string(), f.base + n as usize - 1)),
            None => temp("(temporary)"),
        },
    })
}

fn getlocal<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let (th, a) = thread_arg(vm, cx);
    let n = vm.check_int(cx, a + 1)?;
    let target = vm.arg(cx, a);
    if is_function(target) {
        let name = proto_of(vm, target)
            .filter(|_| n > 0)
            .and_then(|p| p.local_name(n as usize, 0).map(|s| vm.str(s)));
        vm.push(name.unwrap_or(Value::Nil));
        return Ok(1);
    }
    let level = vm.check_int(cx, a)?;
    let found = on(vm, th, |vm| {
        find_local(vm, level, n).map(|l| l.map(|(name, slot)| (name, vm.heap.reg(slot))))
    });
    match found {
        Err(()) => Err(vm.arg_error(a, "level out of range")),
        Ok(None) => {
            vm.push(Value::Nil);
            Ok(1)
        }
        Ok(Some((name, v))) => {
            let name = vm.str(name);
            vm.push(name);
            vm.push(v);
            Ok(2)
        }
    }
}

/// The Lua closure, upvalue index and name `getupvalue`/`setupvalue` act on.
fn upvalue<B: HeapBackend>(
    vm: &Vm<B>,
    cx: CallCtx,
) -> Result<Option<(B::Function, usize, String)>, LuaError<B>> {
    let n = vm.check_int(cx, 1)?;
    let f = vm.arg(cx, 0);
    if !is_function(f) {
        return Err(vm.arg_type_error(0, "function", f, cx.nargs > 0));
    }
    let (Value::Function(h), Some(p)) = (f, proto_of(vm, f)) else {
        return Ok(None);
    };
    let Some(i) = usize::try_from(n).ok().and_then(|n| n.checked_sub(1)) else {
        return Ok(None);
    };
    Ok(p.upvalues.get(i).map(|u| {
        let name = if u.name.is_empty() {
            "(no name)"
        } else {
            &u.name
        };
        (h, i, name.to_string())
    }))
}

fn getupvalue<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let Some((f, i, name)) = upvalue(vm, cx)? else {
        return Ok(0);
    };
    let v = vm.heap.upval_get(vm.heap.closure_upval(f, i));
    let name = vm.str(name);
    vm.push(name);
    vm.push(v);
    Ok(2)
}

fn setupvalue<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let v = vm.check_any(cx, 2)?;
    let Some((f, i, name)) = upvalue(vm, cx)? else {
        return Ok(0);
    };
    vm.heap.upval_set(vm.heap.closure_upval(f, i), v);
    let name = vm.str(name);
    vm.push(name);
    Ok(1)
}

fn getmetatable<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let v = vm.check_any(cx, 0)?;
    let mt = vm.metatable_of(v).map_or(Value::Nil, Value::Table);
    vm.push(mt);
    Ok(1)
}

/// Sets the metatable of any value, ignoring `__metatable`; the basic types other than
/// tables and userdata share one metatable per type.
fn setmetatable<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let mt = match vm.arg(cx, 1) {
        Value::Nil => None,
        Value::Table(t) => Some(t),
        v => return Err(vm.arg_type_error(1, "nil or table", v, cx.nargs > 1)),
    };
    if cx.nargs < 2 {
        return Err(vm.arg_type_error(1, "nil or table", Value::Nil, false));
    }
    let v = vm.arg(cx, 0);
    let tm = &mut vm.type_mt;
    match v {
        Value::Table(t) => vm.heap.set_metatable(t, mt),
        Value::Userdata(u) => vm.heap.set_userdata_metatable(u, mt),
        Value::Str(_) => tm.string = mt,
        Value::Int(_) | Value::Float(_) => tm.number = mt,
        Value::Bool(_) => tm.boolean = mt,
        Value::Nil => tm.nil = mt,
        Value::Function(_) | Value::Native(_) => tm.function = mt,
        Value::Thread(_) => tm.thread = mt,
    }
    vm.push(v);
    Ok(1)
}

fn getregistry<B: HeapBackend>(vm: &mut Vm<B>, _cx: CallCtx) -> R<B> {
    vm.push(Value::Table(vm.registry()));
    Ok(1)
}

/// Userdata here carry no user values, so there is never one to get or set.
fn getuservalue<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    vm.opt_int(cx, 1, 1)?;
    vm.push(Value::Nil);
    Ok(1)
}

fn setuservalue<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    vm.opt_int(cx, 2, 1)?;
    let u = vm.arg(cx, 0);
    if !matches!(u, Value::Userdata(_)) {
        return Err(vm.arg_type_error(0, "userdata", u, cx.nargs > 0));
    }
    vm.check_any(cx, 1)?;
    vm.push(Value::Nil);
    Ok(1)
}
