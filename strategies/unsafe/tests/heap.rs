//! The unsafe heap through the `HeapBackend` trait: registers, tables, functions,
//! upvalues, threads and userdata, as the VM uses them.

use luatb::error::LuaError;
use luatb::function::{Callee, FunctionObj, LuaClosure, LuaProto, NativeClosure, UpvalState};
use luatb::heap::HeapBackend;
use luatb::proto::Proto;
use luatb::value::{Key, Value};
use luatb::vm::{CallCtx, NativeFn, ThreadState, Vm};
use luatb_unsafe::{FunctionRef, Heap, StrRef, TableRef, ThreadRef, UpvalRef, UserdataRef};
use std::mem::size_of;
use std::rc::Rc;

type V = Value<Heap>;

fn as_int(v: V) -> i64 {
    match v {
        Value::Int(i) => i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

fn regs(h: &Heap, n: usize) -> Vec<i64> {
    (0..n).map(|i| as_int(h.reg(i))).collect()
}

fn native(_: &mut Vm<Heap>, _: CallCtx) -> Result<usize, LuaError<Heap>> {
    Ok(0)
}

#[test]
fn sizes_and_name() {
    assert_eq!(size_of::<V>(), 16);
    assert_eq!(size_of::<StrRef>(), 8);
    assert_eq!(size_of::<TableRef>(), 8);
    assert_eq!(size_of::<FunctionRef>(), 8);
    assert_eq!(size_of::<UpvalRef>(), 8);
    assert_eq!(size_of::<UserdataRef>(), 8);
    assert_eq!(size_of::<ThreadRef>(), 8);
    assert_eq!(size_of::<Option<TableRef>>(), 8);
    assert_eq!(Heap::NAME, "unsafe");
}

#[test]
fn strings_intern_to_equal_handles() {
    let h = Heap::new();
    let a = h.intern(b"hello");
    let b = h.intern(b"world");
    assert_ne!(a, b);
    assert_eq!(h.intern(b"hello"), a);
    assert_eq!(h.intern(&b"xhello"[1..]), a);
    assert_eq!(h.with_str(b, |s| s.to_vec()), b"world");
    assert_eq!(h.str_len(a), 5);
    let e = h.intern(b"");
    assert_eq!(h.str_len(e), 0);
    assert_eq!(h.intern(b""), e);
    // Many strings: the arena grows and every handle still finds its bytes.
    let all: Vec<StrRef> = (0..5000)
        .map(|i| h.intern(format!("s{i}").as_bytes()))
        .collect();
    for (i, s) in all.iter().enumerate() {
        assert_eq!(h.with_str(*s, |b| b.to_vec()), format!("s{i}").into_bytes());
        assert_eq!(h.intern(format!("s{i}").as_bytes()), *s);
    }
}

#[test]
fn registers_grow_read_write() {
    let mut h = Heap::new();
    assert_eq!(h.stack_size(), 0);
    h.grow_stack(8);
    assert_eq!(h.stack_size(), 8);
    assert!((0..8).all(|i| h.reg(i).is_nil()));
    for i in 0..8 {
        h.set_reg(i, Value::Int(i as i64));
    }
    h.grow_stack(4);
    assert_eq!(h.stack_size(), 8, "grow_stack never shrinks");
    // Growth moves the buffer: values written before it are read after it.
    h.grow_stack(100_000);
    assert_eq!(regs(&h, 8), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert!(h.reg(99_999).is_nil());
    h.set_reg(99_999, Value::Int(-1));
    assert_eq!(as_int(h.reg(99_999)), -1);
}

#[test]
fn register_copies_overlap_both_ways() {
    let mut h = Heap::new();
    h.grow_stack(8);
    for i in 0..8 {
        h.set_reg(i, Value::Int(i as i64));
    }
    h.copy_regs(0, 2, 4);
    assert_eq!(regs(&h, 8), [0, 1, 0, 1, 2, 3, 6, 7]);
    h.copy_regs(2, 1, 4);
    assert_eq!(regs(&h, 8), [0, 0, 1, 2, 3, 3, 6, 7]);
    h.copy_regs(5, 5, 3);
    assert_eq!(regs(&h, 8), [0, 0, 1, 2, 3, 3, 6, 7]);
    // Zero-length operations are fine anywhere up to the end.
    h.copy_regs(8, 0, 0);
    h.clear_regs(8, 0);
    h.copy_regs(4, 6, 2);
    assert_eq!(regs(&h, 8), [0, 0, 1, 2, 3, 3, 3, 3]);
    h.clear_regs(3, 3);
    assert!(h.reg(3).is_nil() && h.reg(4).is_nil() && h.reg(5).is_nil());
    assert_eq!(as_int(h.reg(6)), 3);
    assert_eq!(as_int(h.reg(2)), 1);
}

#[test]
fn tables_through_the_heap() {
    let h = Heap::new();
    let before = h.heap_bytes();
    let t = h.new_table(0, 0);
    let mt = h.new_table(0, 2);
    assert_ne!(t, mt);
    for i in 1..=10_000 {
        h.set_int(t, i, Value::Int(i * 2)).unwrap();
    }
    assert!(h.heap_bytes() >= before + 10_000 * 16);
    let name = h.intern(b"name");
    h.set_str(t, name, Value::Table(mt)).unwrap();
    h.set(t, Key::new(Value::Float(0.5)).unwrap(), Value::Bool(true))
        .unwrap();
    h.set(t, Key::new(Value::Table(mt)).unwrap(), Value::Int(-7))
        .unwrap();
    assert_eq!(h.length(t), 10_000);
    assert_eq!(as_int(h.get_int(t, 77)), 154);
    assert_eq!(as_int(h.get(t, Key::new(Value::Float(77.0)).unwrap())), 154);
    assert_eq!(as_int(h.get(t, Key::new(Value::Table(mt)).unwrap())), -7);
    assert!(h.get(t, Key::new(Value::Table(t)).unwrap()).is_nil());
    assert!(matches!(h.get_str(t, name), Value::Table(x) if x == mt));
    assert!(matches!(
        h.get(t, Key::new(Value::Float(0.5)).unwrap()),
        Value::Bool(true)
    ));
    assert!(h.get_int(t, 0).is_nil() && h.get_int(t, 10_001).is_nil());
    let mut n = 0;
    let mut k = Value::Nil;
    while let Some((nk, _)) = h.next(t, k).unwrap() {
        n += 1;
        k = nk;
    }
    assert_eq!(n, 10_003);
    assert!(h.next(t, Value::Str(h.intern(b"absent"))).is_err());
    // Shrinking from the end keeps the length a border.
    h.set_int(t, 10_000, Value::Nil).unwrap();
    assert_eq!(h.length(t), 9_999);
    assert_eq!(h.metatable(t), None);
    h.set_metatable(t, Some(mt));
    assert_eq!(h.metatable(t), Some(mt));
    h.set_metatable(t, None);
    assert_eq!(h.metatable(t), None);
}

#[test]
fn many_tables_survive_arena_growth() {
    let h = Heap::new();
    let ts: Vec<TableRef> = (0..3000).map(|_| h.new_table(1, 1)).collect();
    let k = h.intern(b"k");
    for (i, t) in ts.iter().enumerate() {
        h.set_int(*t, 1, Value::Int(i as i64)).unwrap();
        h.set_str(*t, k, Value::Table(ts[(i + 1) % ts.len()]))
            .unwrap();
    }
    for (i, t) in ts.iter().enumerate() {
        assert_eq!(as_int(h.get_int(*t, 1)), i as i64);
        assert!(matches!(h.get_str(*t, k), Value::Table(n) if n == ts[(i + 1) % ts.len()]));
    }
}

#[test]
fn functions_and_closures() {
    let h = Heap::new();
    let f = h.new_function(FunctionObj::Native(NativeClosure {
        f: native,
        upvals: vec![Value::Int(1), Value::Nil].into_boxed_slice(),
    }));
    assert_eq!(as_int(h.native_upvalue(f, 0)), 1);
    h.set_native_upvalue(f, 1, Value::Int(9));
    assert_eq!(as_int(h.native_upvalue(f, 1)), 9);
    assert!(
        matches!(h.function(f), Callee::Native(g) if std::ptr::fn_addr_eq(g, native as NativeFn<Heap>))
    );

    let proto = LuaProto::load(&Proto::default(), &h);
    let u = h.new_upval(UpvalState::Closed(Value::Int(5)));
    let w = h.new_upval(UpvalState::Closed(Value::Int(6)));
    let g = h.new_function(FunctionObj::Lua(LuaClosure {
        proto: proto.clone(),
        upvals: vec![u, w].into_boxed_slice(),
    }));
    assert_ne!(f, g);
    assert_eq!(h.closure_upval(g, 0), u);
    assert_eq!(h.closure_upval(g, 1), w);
    assert!(matches!(h.function(g), Callee::Lua(p) if Rc::ptr_eq(&p, &proto)));
    // Each `function` call hands out one more owner of the prototype, and only that.
    let before = Rc::strong_count(&proto);
    let callee = h.function(g);
    assert_eq!(Rc::strong_count(&proto), before + 1);
    drop(callee);
    assert_eq!(Rc::strong_count(&proto), before);
}

#[test]
fn upvalues_open_and_close() {
    let mut h = Heap::new();
    let main = h.main_thread();
    h.grow_stack(4);
    h.set_reg(3, Value::Int(1));
    let u = h.new_upval(UpvalState::Open {
        thread: main,
        slot: 3,
    });
    assert_eq!(as_int(h.upval_get(u)), 1);
    h.upval_set(u, Value::Int(2));
    assert_eq!(as_int(h.reg(3)), 2);
    h.set_reg(3, Value::Int(3));
    assert_eq!(as_int(h.upval_get(u)), 3);
    // The stack moving under an open upvalue does not lose it.
    h.grow_stack(50_000);
    assert_eq!(as_int(h.upval_get(u)), 3);

    // From another thread, the open upvalue reaches main's parked stack.
    let co = h.new_thread();
    let mut state = ThreadState::default();
    h.switch_thread(co, &mut state);
    h.grow_stack(8);
    h.set_reg(3, Value::Int(-1));
    assert_eq!(as_int(h.upval_get(u)), 3);
    h.upval_set(u, Value::Int(4));
    assert_eq!(as_int(h.reg(3)), -1);
    h.switch_thread(main, &mut state);
    assert_eq!(as_int(h.reg(3)), 4);

    h.upval_close(u);
    h.set_reg(3, Value::Int(5));
    assert_eq!(as_int(h.upval_get(u)), 4);
    h.upval_set(u, Value::Int(6));
    assert_eq!(as_int(h.reg(3)), 5);
    assert_eq!(as_int(h.upval_get(u)), 6);
    h.upval_close(u);
    assert_eq!(as_int(h.upval_get(u)), 6, "closing twice keeps the value");

    let c = h.new_upval(UpvalState::Closed(Value::Bool(true)));
    assert!(matches!(h.upval_get(c), Value::Bool(true)));
}

#[test]
fn threads_keep_separate_stacks() {
    let mut h = Heap::new();
    let main = h.main_thread();
    assert_eq!(h.current_thread(), main);
    h.grow_stack(4);
    h.set_reg(0, Value::Int(100));
    let co = h.new_thread();
    assert_ne!(co, main);
    let mut state = ThreadState::default();
    h.switch_thread(co, &mut state);
    assert_eq!(h.current_thread(), co);
    assert_eq!(h.stack_size(), 0);
    h.grow_stack(2);
    h.set_reg(0, Value::Int(200));
    h.switch_thread(main, &mut state);
    assert_eq!(h.current_thread(), main);
    assert_eq!(h.stack_size(), 4);
    assert_eq!(as_int(h.reg(0)), 100);
    h.switch_thread(co, &mut state);
    assert_eq!(as_int(h.reg(0)), 200);
    h.switch_thread(co, &mut state);
    assert_eq!(
        as_int(h.reg(0)),
        200,
        "switching to the running thread is a no-op"
    );
    h.switch_thread(main, &mut state);
    assert_eq!(as_int(h.reg(0)), 100);
}

#[test]
fn parked_thread_state_follows_its_thread() {
    let mut vm = Vm::<Heap>::new();
    let f = vm.get_global("print");
    let co = vm.new_coroutine(f);
    let status = vm.heap.with_thread_state(co, |s| s.status());
    assert_eq!(status, luatb::vm::CoStatus::Suspended);
    assert_eq!(vm.co_status(co), luatb::vm::CoStatus::Suspended);
    // Many threads: the thread arena grows while each keeps its own state.
    let cos: Vec<ThreadRef> = (0..500).map(|_| vm.new_coroutine(f)).collect();
    assert!(cos
        .iter()
        .all(|c| vm.co_status(*c) == luatb::vm::CoStatus::Suspended));
    assert_ne!(cos[0], cos[1]);
}

#[test]
fn userdata() {
    let h = Heap::new();
    let u = h.new_userdata(Box::new(41i32));
    let mt = h.new_table(0, 0);
    assert_eq!(h.userdata_metatable(u), None);
    h.set_userdata_metatable(u, Some(mt));
    assert_eq!(h.userdata_metatable(u), Some(mt));
    h.with_userdata(u, |d| *d.downcast_mut::<i32>().unwrap() += 1);
    assert_eq!(
        h.with_userdata(u, |d| *d.downcast_ref::<i32>().unwrap()),
        42
    );
    let v = h.new_userdata(Box::new(String::from("x")));
    assert_ne!(u, v);
    assert!(h.with_userdata(v, |d| d.is::<String>()));
    let before = h.heap_bytes();
    let _w = h.new_userdata(Box::new([0u8; 4096]));
    assert!(h.heap_bytes() >= before + 4096);
}

#[test]
fn counters_are_empty() {
    let mut h = Heap::new();
    h.grow_stack(1);
    h.set_reg(0, Value::Nil);
    let _ = h.reg(0);
    assert_eq!(h.counters(), luatb::heap::Counters::default());
}
