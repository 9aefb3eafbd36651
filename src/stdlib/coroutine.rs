//! The coroutine library (manual §6.2). The switching itself is in the VM (`vm/call.rs`):
//! resume and yield only leave a request for the dispatch loop.

use super::new_lib;
use crate::error::LuaError;
use crate::function::{FunctionObj, NativeClosure};
use crate::heap::HeapBackend;
use crate::value::Value;
use crate::vm::{CallCtx, CoStatus, Pending, Vm};

type R<B> = Result<usize, LuaError<B>>;

pub fn open<B: HeapBackend>(vm: &mut Vm<B>) {
    new_lib(
        vm,
        "coroutine",
        &[
            ("create", create),
            ("resume", resume),
            ("yield", yield_),
            ("status", status),
            ("wrap", wrap),
            ("isyieldable", isyieldable),
            ("running", running),
            ("close", close),
        ],
    );
}

fn check_co<B: HeapBackend>(vm: &Vm<B>, cx: CallCtx, i: usize) -> Result<B::Thread, LuaError<B>> {
    match vm.arg(cx, i) {
        Value::Thread(t) => Ok(t),
        v => Err(vm.arg_type_error(i, "thread", v, i < cx.nargs)),
    }
}

fn check_fn<B: HeapBackend>(vm: &Vm<B>, cx: CallCtx, i: usize) -> Result<Value<B>, LuaError<B>> {
    match vm.arg(cx, i) {
        v @ (Value::Function(_) | Value::Native(_)) => Ok(v),
        v => Err(vm.arg_type_error(i, "function", v, i < cx.nargs)),
    }
}

fn create<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = check_fn(vm, cx, 0)?;
    let co = vm.new_coroutine(f);
    vm.push(Value::Thread(co));
    Ok(1)
}

/// Why `co` cannot be resumed now, if it cannot.
fn resume_problem<B: HeapBackend>(vm: &mut Vm<B>, co: B::Thread) -> Option<&'static str> {
    match vm.co_status(co) {
        CoStatus::Suspended if too_deep(vm) => {
            vm.depth_limit_hit = true;
            Some("C stack overflow")
        }
        CoStatus::Suspended => None,
        CoStatus::Dead => Some("cannot resume dead coroutine"),
        _ => Some("cannot resume non-suspended coroutine"),
    }
}

/// Whether one more coroutine level would pass lua5.4's limit of nested C calls, which
/// counts every `resume` in the chain of resumers as well as every native that called
/// back into Lua. A resume here does not recurse natively, so nothing would overflow:
/// the limit is kept so that programs see what they would see in lua5.4.
fn too_deep<B: HeapBackend>(vm: &Vm<B>) -> bool {
    let limit = crate::vm::MAX_NATIVE_DEPTH;
    let mut depth = vm.native_depth;
    let mut resumer = vm.state.resumer;
    while let Some(th) = resumer {
        depth += 1;
        if depth >= limit {
            return true;
        }
        resumer = vm.heap.with_thread_state(th, |s| s.resumer);
    }
    depth >= limit
}

fn resume<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let co = check_co(vm, cx, 0)?;
    if let Some(msg) = resume_problem(vm, co) {
        vm.push(Value::Bool(false));
        let m = vm.str(msg);
        vm.push(m);
        return Ok(2);
    }
    vm.set_pending(Pending::Resume {
        co,
        first: cx.base + 1,
        nargs: cx.nargs.saturating_sub(1),
    });
    Ok(0)
}

fn yield_<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    vm.set_pending(Pending::Yield { n: cx.nargs });
    Ok(0)
}

fn status<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let co = check_co(vm, cx, 0)?;
    let s = match vm.co_status(co) {
        CoStatus::Suspended => "suspended",
        CoStatus::Running => "running",
        CoStatus::Normal => "normal",
        CoStatus::Dead => "dead",
    };
    let v = vm.str(s);
    vm.push(v);
    Ok(1)
}

fn wrap<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let f = check_fn(vm, cx, 0)?;
    let co = vm.new_coroutine(f);
    let w = vm.heap.new_function(FunctionObj::Native(NativeClosure {
        f: wrap_call::<B>,
        upvals: vec![Value::Thread(co)].into_boxed_slice(),
    }));
    vm.push(Value::Function(w));
    Ok(1)
}

/// The function `coroutine.wrap` returns: resume its coroutine, raising its errors.
pub fn wrap_call<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let me = vm.current_function().expect("wrap closure");
    let Value::Thread(co) = vm.heap.native_upvalue(me, 0) else {
        return Err(vm.native_error("wrapped coroutine lost"));
    };
    if let Some(msg) = resume_problem(vm, co) {
        return Err(vm.native_error(msg));
    }
    vm.set_pending(Pending::Resume {
        co,
        first: cx.base,
        nargs: cx.nargs,
    });
    Ok(0)
}

fn isyieldable<B: HeapBackend>(vm: &mut Vm<B>, _cx: CallCtx) -> R<B> {
    let y = vm.is_yieldable();
    vm.push(Value::Bool(y));
    Ok(1)
}

fn running<B: HeapBackend>(vm: &mut Vm<B>, _cx: CallCtx) -> R<B> {
    let th = vm.heap.current_thread();
    vm.push(Value::Thread(th));
    vm.push(Value::Bool(th == vm.heap.main_thread()));
    Ok(2)
}

fn close<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let co = check_co(vm, cx, 0)?;
    match vm.co_status(co) {
        CoStatus::Suspended | CoStatus::Dead => match vm.close_thread(co) {
            Ok(()) => {
                vm.push(Value::Bool(true));
                Ok(1)
            }
            Err(e) => {
                vm.push(Value::Bool(false));
                vm.push(e);
                Ok(2)
            }
        },
        CoStatus::Running => Err(vm.native_error("cannot close a running coroutine")),
        CoStatus::Normal => Err(vm.native_error("cannot close a normal coroutine")),
    }
}
