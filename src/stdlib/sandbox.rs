//! The sandbox (`luatb --sandbox`, `Lua::sandbox`): a state for code nobody here wrote.
//!
//! It rewrites the globals and the registry's `_LOADED` in place, so that every way a
//! script can name a library (a global, `_G`, `package.loaded`, `require`, the default
//! environment of a `load`ed chunk) leads to the same restricted tables. The removed
//! natives stay reachable only from the host: there is no debug library, no other path to
//! the registry, and the string metatable only holds the string library. Binary chunks
//! need no rule of their own: `load` never accepts one, and `string.dump` always fails.

use super::package::{self, registry_table};
use crate::error::LuaError;
use crate::function::{FunctionObj, NativeClosure};
use crate::heap::HeapBackend;
use crate::value::Value;
use crate::vm::{CallCtx, NativeFn, Vm};

type R<B> = Result<usize, LuaError<B>>;

/// Globals removed outright: each but `debug` opens a file by name, and `debug` reaches
/// the registry, other functions' locals and upvalues, and every metatable.
pub const REMOVED_GLOBALS: &[&str] = &["io", "dofile", "loadfile", "debug"];
/// What is left of `os`: the clock and calendar, nothing that touches processes, files,
/// the environment or the process-wide locale.
pub const OS_KEPT: &[&str] = &["clock", "date", "difftime", "time"];
/// What is left of `package`: enough for modules the host registers in `preload`.
pub const PACKAGE_KEPT: &[&str] = &["loaded", "preload"];
/// `collectgarbage` options refused because they change the collector for all code.
pub const GC_REFUSED: &[&str] = &[
    "stop",
    "restart",
    "incremental",
    "generational",
    "setpause",
    "setstepmul",
];

/// Restrict `vm`'s libraries (see the module comment). Meant for a freshly opened state;
/// applying it twice is harmless.
pub fn apply<B: HeapBackend>(vm: &mut Vm<B>) {
    let loaded = registry_table(vm, b"_LOADED");
    for name in REMOVED_GLOBALS {
        replace_lib(vm, loaded, name, Value::Nil);
    }
    let os = restricted_copy(vm, "os", OS_KEPT);
    replace_lib(vm, loaded, "os", os);
    let pkg = restricted_copy(vm, "package", PACKAGE_KEPT);
    replace_lib(vm, loaded, "package", pkg);
    let req = native_closure(vm, require, &[]);
    vm.set_global("require", req);
    // An already wrapped `collectgarbage` is a closure, not a bare native: left alone.
    if let Value::Native(f) = vm.get_global("collectgarbage") {
        let guard = native_closure(vm, collectgarbage, &[Value::Native(f)]);
        vm.set_global("collectgarbage", guard);
    }
}

/// Set global `name` and its `package.loaded` entry (raw: the registry's own table).
fn replace_lib<B: HeapBackend>(vm: &mut Vm<B>, loaded: B::Table, name: &str, v: Value<B>) {
    vm.set_global(name, v);
    let k = vm.heap.intern(name.as_bytes());
    let _ = vm.heap.set_str(loaded, k, v);
}

/// A new table with only the `keep` fields of global table `lib` (nil if there is none).
fn restricted_copy<B: HeapBackend>(vm: &mut Vm<B>, lib: &str, keep: &[&str]) -> Value<B> {
    let Value::Table(old) = vm.get_global(lib) else {
        return Value::Nil;
    };
    let t = vm.heap.new_table(0, keep.len());
    for name in keep {
        let k = vm.heap.intern(name.as_bytes());
        let v = vm.heap.get_str(old, k);
        let _ = vm.heap.set_str(t, k, v);
    }
    Value::Table(t)
}

fn native_closure<B: HeapBackend>(vm: &mut Vm<B>, f: NativeFn<B>, up: &[Value<B>]) -> Value<B> {
    Value::Function(vm.heap.new_function(FunctionObj::Native(NativeClosure {
        f,
        upvals: up.into(),
    })))
}

/// `require` that searches `package.preload` only: no path, no file, no loader of its
/// own. Otherwise as lua5.4's: the module is cached in `package.loaded`, and the loader
/// gets the name and `":preload:"`, which is also the second result.
fn require<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    let name = vm.check_str(cx, 0)?;
    let key = Value::Str(name);
    let Some(loaded) = package::cached_module(vm, key)? else {
        return Ok(1);
    };
    let preload = Value::Table(registry_table(vm, b"_PRELOAD"));
    let loader = vm.get_value(preload, key)?;
    if loader.is_nil() {
        let n = String::from_utf8_lossy(&vm.str_bytes(name)).into_owned();
        return Err(vm.native_error(&format!(
            "module '{n}' not found:\n\tno field package.preload['{n}']\n\t(the sandbox loads no files)"
        )));
    }
    let data = vm.str(":preload:");
    package::run_loader(vm, loaded, key, loader, data)
}

/// `collectgarbage` with the options that reconfigure the collector refused; the rest
/// (and the error for an unknown option) are the original's, kept as the upvalue.
fn collectgarbage<B: HeapBackend>(vm: &mut Vm<B>, cx: CallCtx) -> R<B> {
    if let Some(s) = vm.opt_str(cx, 0)? {
        let opt = vm.str_bytes(s);
        if GC_REFUSED.iter().any(|r| r.as_bytes() == &opt[..]) {
            let msg = format!(
                "option '{}' is not allowed in the sandbox",
                String::from_utf8_lossy(&opt)
            );
            return Err(vm.arg_error(0, &msg));
        }
    }
    let original = vm.current_function().map(|f| vm.heap.native_upvalue(f, 0));
    match original {
        Some(Value::Native(f)) => f(vm, cx),
        _ => Err(vm.native_error("collectgarbage is not available")),
    }
}
