//! The standard library, one file per library, written against the same trait as the VM.

pub mod base;
pub mod coroutine;
pub mod debug;
pub mod io;
pub mod math;
pub mod os;
pub mod pack;
pub mod package;
pub mod pattern;
pub mod printf;
pub mod sandbox;
pub mod string;
pub mod table;
pub mod utf8;

use crate::heap::HeapBackend;
use crate::value::Value;
use crate::vm::{NativeFn, Vm};

/// Open every library into `vm`'s globals.
pub fn open_all<B: HeapBackend>(vm: &mut Vm<B>) {
    let loaded = vm.heap.new_table(0, 16);
    let key = vm.heap.intern(b"_LOADED");
    let _ = vm.heap.set_str(vm.registry(), key, Value::Table(loaded));
    base::open(vm);
    package::open(vm);
    coroutine::open(vm);
    table::open(vm);
    io::open(vm);
    os::open(vm);
    string::open(vm);
    math::open(vm);
    utf8::open(vm);
    debug::open(vm);
}

/// Count `units` of a native's work against `--max-instructions`. A library call that walks
/// a table element by element (`table.remove(t, 1)`, `table.move` over 2^40 indices) does
/// work the VM's instruction count never sees, so without this a loop of such calls would
/// run far past the limit, or forever.
pub fn charge<B: HeapBackend>(vm: &mut Vm<B>, units: u64) -> Result<(), crate::error::LuaError<B>> {
    if vm.instr_budget.get() <= units {
        return Err(vm.instructions_exhausted());
    }
    vm.instr_budget.set(vm.instr_budget.get() - units);
    Ok(())
}

/// Fail with "not enough memory" unless `bytes` more fit under the memory limit. A native
/// builds its result in a Rust buffer the heap does not account for until it is done, so
/// without this check a limit of megabytes would let one `string.rep` allocate gigabytes
/// before the next checkpoint noticed.
pub fn ensure_room<B: HeapBackend>(
    vm: &mut Vm<B>,
    bytes: usize,
) -> Result<(), crate::error::LuaError<B>> {
    let Some(max) = vm.gc.max_memory else {
        return Ok(());
    };
    if vm.heap.heap_bytes().saturating_add(bytes) > max {
        vm.full_gc();
        if vm.heap.heap_bytes().saturating_add(bytes) > max {
            return Err(vm.error_value("not enough memory"));
        }
    }
    Ok(())
}

/// `t.name = f`.
pub fn set_fn<B: HeapBackend>(vm: &mut Vm<B>, t: B::Table, name: &str, f: NativeFn<B>) {
    let k = vm.heap.intern(name.as_bytes());
    let _ = vm.heap.set_str(t, k, Value::Native(f));
}

/// A new library table with these functions, set as global `name` and in `package.loaded`.
pub fn new_lib<B: HeapBackend>(
    vm: &mut Vm<B>,
    name: &str,
    fns: &[(&str, NativeFn<B>)],
) -> B::Table {
    let t = vm.heap.new_table(0, fns.len());
    for (n, f) in fns {
        set_fn(vm, t, n, *f);
    }
    vm.set_global(name, Value::Table(t));
    lib_table(vm, name, t);
    t
}

/// Record a library in the registry's `_LOADED` (what `package.loaded` shows).
pub fn lib_table<B: HeapBackend>(vm: &mut Vm<B>, name: &str, t: B::Table) {
    let key = vm.heap.intern(b"_LOADED");
    if let Value::Table(loaded) = vm.heap.get_str(vm.registry(), key) {
        let k = vm.heap.intern(name.as_bytes());
        let _ = vm.heap.set_str(loaded, k, Value::Table(t));
    }
}
