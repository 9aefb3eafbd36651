//! The refcell heap through the `HeapBackend` trait.

use luatb::error::LuaError;
use luatb::function::{Callee, FunctionObj, LuaClosure, LuaProto, NativeClosure, UpvalState};
use luatb::heap::HeapBackend;
use luatb::proto::Proto;
use luatb::value::{Key, Value};
use luatb::vm::{CallCtx, ThreadState, Vm};
use luatb_refcell::{Heap, TableRef, ThreadRef};
use std::mem::size_of;

type V = Value<Heap>;

fn as_int(v: V) -> i64 {
    match v {
        Value::Int(i) => i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

fn native(_: &mut Vm<Heap>, _: CallCtx) -> Result<usize, LuaError<Heap>> {
    Ok(0)
}

#[test]
fn sizes() {
    assert_eq!(size_of::<V>(), 16);
    assert!(size_of::<TableRef>() <= 8);
    assert!(size_of::<ThreadRef>() <= 8);
    assert_eq!(Heap::NAME, "refcell");
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
    h.grow_stack(1000);
    assert_eq!(as_int(h.reg(7)), 7);
    assert!(h.reg(999).is_nil());
    // Overlapping copies in both directions.
    h.copy_regs(0, 2, 4);
    let got: Vec<i64> = (0..8).map(|i| as_int(h.reg(i))).collect();
    assert_eq!(got, [0, 1, 0, 1, 2, 3, 6, 7]);
    h.copy_regs(2, 1, 4);
    let got: Vec<i64> = (0..8).map(|i| as_int(h.reg(i))).collect();
    assert_eq!(got, [0, 0, 1, 2, 3, 3, 6, 7]);
    h.clear_regs(3, 3);
    assert!(h.reg(3).is_nil() && h.reg(5).is_nil());
    assert_eq!(as_int(h.reg(6)), 6);
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
    // Switching to the running thread changes nothing.
    h.switch_thread(co, &mut state);
    assert_eq!(as_int(h.reg(0)), 200);
    h.switch_thread(main, &mut state);
    assert_eq!(as_int(h.reg(0)), 100);
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
    // Closing twice keeps the value.
    h.upval_close(u);
    assert_eq!(as_int(h.upval_get(u)), 6);

    let c = h.new_upval(UpvalState::Closed(Value::Bool(true)));
    assert!(matches!(h.upval_get(c), Value::Bool(true)));
}

#[test]
fn tables_through_the_heap() {
    let h = Heap::new();
    let before = h.heap_bytes();
    let t = h.new_table(0, 0);
    let mt = h.new_table(0, 2);
    assert_ne!(t, mt);
    for i in 1..=10_000 {
        h.set_int(t, i, Value::Int(i)).unwrap();
    }
    assert!(h.heap_bytes() >= before + 10_000 * 16);
    let name = h.intern(b"name");
    h.set_str(t, name, Value::Table(mt)).unwrap();
    h.set(t, Key::new(Value::Float(0.5)).unwrap(), Value::Bool(true))
        .unwrap();
    assert_eq!(h.length(t), 10_000);
    assert_eq!(as_int(h.get_int(t, 77)), 77);
    assert_eq!(as_int(h.get(t, Key::new(Value::Float(77.0)).unwrap())), 77);
    assert!(matches!(h.get_str(t, name), Value::Table(x) if x == mt));
    let mut n = 0;
    let mut k = Value::Nil;
    while let Some((nk, _)) = h.next(t, k).unwrap() {
        n += 1;
        k = nk;
    }
    assert_eq!(n, 10_002);
    assert_eq!(h.metatable(t), None);
    h.set_metatable(t, Some(mt));
    assert_eq!(h.metatable(t), Some(mt));
    h.set_metatable(t, None);
    assert_eq!(h.metatable(t), None);
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
        matches!(h.function(f), Callee::Native(g) if std::ptr::fn_addr_eq(g, native as luatb::vm::NativeFn<Heap>))
    );

    let proto = LuaProto::load(&Proto::default(), &h);
    let u = h.new_upval(UpvalState::Closed(Value::Int(5)));
    let g = h.new_function(FunctionObj::Lua(LuaClosure {
        proto: proto.clone(),
        upvals: vec![u].into_boxed_slice(),
    }));
    assert_ne!(f, g);
    assert_eq!(h.closure_upval(g, 0), u);
    assert!(matches!(h.function(g), Callee::Lua(p) if std::rc::Rc::ptr_eq(&p, &proto)));
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
}

#[test]
fn borrow_counter_follows_the_feature() {
    let mut h = Heap::new();
    h.grow_stack(1);
    h.set_reg(0, Value::Nil);
    let _ = h.reg(0);
    let n = h.counters().borrows;
    if cfg!(feature = "count") {
        assert!(n >= 3, "counted {n} borrows");
    } else {
        assert_eq!(n, 0);
    }
}
