//! Misuse must end in a panic (a clean Rust failure), never in undefined behaviour:
//! handles from another heap, registers out of range, nested access to one object, and
//! closures that call back into the heap while it lends them something.

use luatb::function::{FunctionObj, LuaClosure, LuaProto, NativeClosure, UpvalState};
use luatb::heap::HeapBackend;
use luatb::proto::Proto;
use luatb::value::{Key, Value};
use luatb::vm::ThreadState;
use luatb::Lua;
use luatb_unsafe::Heap;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn panics(f: impl FnOnce()) -> String {
    let e = catch_unwind(AssertUnwindSafe(f)).expect_err("misuse went unnoticed");
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn assert_foreign(f: impl FnOnce()) {
    let msg = panics(f);
    assert!(msg.contains("another heap"), "unexpected panic: {msg}");
}

fn assert_out_of_range(f: impl FnOnce()) {
    let msg = panics(f);
    assert!(msg.contains("out of range"), "unexpected panic: {msg}");
}

#[test]
fn foreign_table_handles_panic() {
    let a = Heap::new();
    let b = Heap::new();
    let ta = a.new_table(0, 0);
    // `b` has a table at the same index: only the tag tells them apart.
    let tb = b.new_table(0, 0);
    b.set_int(tb, 1, Value::Int(1)).unwrap();
    assert_foreign(|| {
        b.get_int(ta, 1);
    });
    assert_foreign(|| {
        b.set_int(ta, 1, Value::Nil).unwrap();
    });
    let k = b.intern(b"k");
    assert_foreign(|| {
        b.get_str(ta, k);
    });
    assert_foreign(|| {
        b.set_str(ta, k, Value::Nil).unwrap();
    });
    assert_foreign(|| {
        b.get(ta, Key::new(Value::Bool(true)).unwrap());
    });
    assert_foreign(|| {
        b.length(ta);
    });
    assert_foreign(|| {
        let _ = b.next(ta, Value::Nil);
    });
    assert_foreign(|| {
        b.metatable(ta);
    });
    assert_foreign(|| b.set_metatable(ta, None));
    // `b`'s own table was not touched by any of that.
    assert!(matches!(b.get_int(tb, 1), Value::Int(1)));
    assert_eq!(b.length(tb), 1);
}

#[test]
fn handles_from_a_dropped_heap_panic() {
    let (t, s) = {
        let old = Heap::new();
        (old.new_table(0, 0), old.intern(b"gone"))
    };
    let h = Heap::new();
    let _ = h.new_table(0, 0);
    let _ = h.intern(b"gone");
    assert_foreign(|| {
        h.get_int(t, 1);
    });
    assert_foreign(|| {
        h.str_len(s);
    });
    assert_foreign(|| {
        h.with_str(s, |b| b.len());
    });
}

#[test]
fn foreign_handles_of_every_kind_panic() {
    let a = Heap::new();
    let mut b = Heap::new();
    let s = a.intern(b"x");
    let _ = b.intern(b"x");
    assert_foreign(|| {
        b.str_len(s);
    });
    let f = a.new_function(FunctionObj::Native(NativeClosure {
        f: |_, _| Ok(0),
        upvals: vec![Value::Nil].into_boxed_slice(),
    }));
    assert_foreign(|| {
        b.function(f);
    });
    assert_foreign(|| {
        b.native_upvalue(f, 0);
    });
    assert_foreign(|| b.set_native_upvalue(f, 0, Value::Nil));
    let u = a.new_upval(UpvalState::Closed(Value::Int(1)));
    let _ = b.new_upval(UpvalState::Closed(Value::Int(2)));
    assert_foreign(|| {
        b.upval_get(u);
    });
    assert_foreign(|| b.upval_set(u, Value::Nil));
    assert_foreign(|| b.upval_close(u));
    let ud = a.new_userdata(Box::new(1u8));
    assert_foreign(|| {
        b.userdata_metatable(ud);
    });
    assert_foreign(|| {
        b.with_userdata(ud, |_| ());
    });
    let th = a.new_thread();
    let mut st = ThreadState::default();
    assert_foreign(|| b.switch_thread(th, &mut st));
    assert_foreign(|| b.switch_thread(a.main_thread(), &mut st));
    assert_foreign(|| {
        b.with_thread_state(th, |_| ());
    });
    assert_eq!(b.current_thread(), b.main_thread());
    // An open upvalue naming another heap's thread.
    b.grow_stack(4);
    let open = b.new_upval(UpvalState::Open {
        thread: th,
        slot: 0,
    });
    assert_foreign(|| {
        b.upval_get(open);
    });
}

#[test]
fn a_handle_from_another_vm_is_caught_by_the_vm() {
    let mut one = Lua::<Heap>::new();
    let two = Lua::<Heap>::new();
    // `two`'s globals smuggled into `one` and indexed by Lua code.
    one.set_global("t", Value::Table(two.vm.globals()));
    assert_foreign(|| {
        let _ = one.exec(b"return t.print", "=t");
    });
}

#[test]
fn registers_out_of_range_panic() {
    let mut h = Heap::new();
    assert_out_of_range(|| {
        h.reg(0);
    });
    h.grow_stack(10);
    assert_out_of_range(|| {
        h.reg(10);
    });
    assert_out_of_range(|| {
        h.reg(usize::MAX);
    });
    assert_out_of_range(|| h.set_reg(10, Value::Int(1)));
    assert_out_of_range(|| h.set_reg(usize::MAX, Value::Int(1)));
    assert_out_of_range(|| h.copy_regs(0, 5, 6));
    assert_out_of_range(|| h.copy_regs(5, 0, 6));
    assert_out_of_range(|| h.copy_regs(1, 0, usize::MAX));
    assert_out_of_range(|| h.copy_regs(usize::MAX, 0, 2));
    assert_out_of_range(|| h.clear_regs(9, 2));
    assert_out_of_range(|| h.clear_regs(usize::MAX, 2));
    assert_out_of_range(|| h.clear_regs(2, usize::MAX));
    // Nothing was written by the failed operations.
    assert!((0..10).all(|i| h.reg(i).is_nil()));
    h.set_reg(9, Value::Int(9));
    assert!(matches!(h.reg(9), Value::Int(9)));
}

#[test]
fn a_register_window_past_the_stack_panics() {
    use luatb::heap::RegisterView;
    let mut h = Heap::new();
    h.grow_stack(10);
    // A frame's window is its base plus the 256 registers an operand can name; the
    // stack keeps that many spare slots past its size, and no more.
    let w = h.view(10);
    w.set(255, Value::Int(7));
    assert!(matches!(w.get(255), Value::Int(7)));
    assert!(panics(|| {
        w.get(256);
    })
    .contains("out of bounds"));
    assert_out_of_range(|| {
        h.view(11);
    });
    // The spare slots are not part of the stack for absolute access.
    assert_eq!(h.stack_size(), 10);
    assert_out_of_range(|| {
        h.reg(10);
    });
}

#[test]
fn open_upvalue_past_the_stack_panics() {
    let mut h = Heap::new();
    h.grow_stack(4);
    let u = h.new_upval(UpvalState::Open {
        thread: h.main_thread(),
        slot: 1000,
    });
    assert_out_of_range(|| {
        h.upval_get(u);
    });
    assert_out_of_range(|| h.upval_set(u, Value::Nil));
    assert_out_of_range(|| h.upval_close(u));
    // On a parked thread the slot is bounds-checked too.
    let co = h.new_thread();
    let mut st = ThreadState::default();
    h.switch_thread(co, &mut st);
    let msg = panics(|| {
        h.upval_get(u);
    });
    assert!(msg.contains("index out of bounds"), "{msg}");
}

#[test]
fn upvalue_and_native_indices_are_checked() {
    let h = Heap::new();
    let proto = LuaProto::load(&Proto::default(), &h);
    let u = h.new_upval(UpvalState::Closed(Value::Nil));
    let f = h.new_function(FunctionObj::Lua(LuaClosure {
        proto,
        upvals: vec![u].into_boxed_slice(),
    }));
    assert_eq!(h.closure_upval(f, 0), u);
    panics(|| {
        h.closure_upval(f, 1);
    });
    panics(|| {
        h.native_upvalue(f, 0);
    });
}

#[test]
fn nested_access_to_one_userdata_panics() {
    let h = Heap::new();
    let u = h.new_userdata(Box::new(5i32));
    let v = h.new_userdata(Box::new(6i32));
    // Two different userdata at once are fine.
    let sum = h.with_userdata(u, |a| {
        let a = *a.downcast_ref::<i32>().unwrap();
        h.with_userdata(v, |b| a + *b.downcast_ref::<i32>().unwrap())
    });
    assert_eq!(sum, 11);
    // The same one twice would be two `&mut` to it.
    let msg = panics(|| h.with_userdata(u, |_| h.with_userdata(u, |_| ())));
    assert!(msg.contains("borrow"), "{msg}");
    assert_eq!(h.with_userdata(u, |a| *a.downcast_ref::<i32>().unwrap()), 5);
}

#[test]
fn closures_that_grow_the_heap_while_it_lends_stay_sound() {
    let h = Heap::new();
    let s = h.intern(b"lent bytes");
    // The string arena grows (and moves) while its bytes are lent.
    let copy = h.with_str(s, |b| {
        for i in 0..10_000 {
            h.intern(format!("filler {i}").as_bytes());
        }
        b.to_vec()
    });
    assert_eq!(copy, b"lent bytes");
    // The userdata arena grows while a payload is lent.
    let u = h.new_userdata(Box::new(vec![1u8, 2, 3]));
    h.with_userdata(u, |d| {
        for _ in 0..1000 {
            h.new_userdata(Box::new(0u64));
        }
        d.downcast_mut::<Vec<u8>>().unwrap().push(4);
    });
    assert_eq!(
        h.with_userdata(u, |d| d.downcast_ref::<Vec<u8>>().unwrap().len()),
        4
    );
    // The thread arena grows while a parked state is lent. Switching to that very thread
    // meanwhile cannot even be written: `switch_thread` takes `&mut` of the heap.
    let co = h.new_thread();
    let n = h.with_thread_state(co, |st| {
        for _ in 0..1000 {
            h.new_thread();
        }
        st.status() == luatb::vm::CoStatus::Suspended
    });
    assert!(n);
    assert_eq!(h.current_thread(), h.main_thread());
}
