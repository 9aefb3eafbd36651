//! The transaction heap through the `HeapBackend` trait: the parts that do not depend on
//! the queue or the windows.

use luatb::error::LuaError;
use luatb::function::{Callee, FunctionObj, LuaClosure, LuaProto, NativeClosure, UpvalState};
use luatb::heap::HeapBackend;
use luatb::proto::Proto;
use luatb::value::{Key, Value};
use luatb::vm::{CallCtx, Vm};
use luatb_transaction::{Heap, StrRef, TableRef, ThreadRef};
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
    // A handle is a slot index and the slot's generation (stale handles are caught).
    assert_eq!(size_of::<TableRef>(), 8);
    assert!(size_of::<StrRef>() <= 8);
    assert_eq!(size_of::<ThreadRef>(), 8);
    assert_eq!(Heap::NAME, "transaction");
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
    assert_eq!(h.str_len(h.intern(b"")), 0);
    assert_eq!(
        h.pending_writes(),
        0,
        "interning allocates, it does not queue"
    );
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
        h.sync();
    }
    assert!(h.heap_bytes() >= before + 10_000 * 16);
    let name = h.intern(b"name");
    h.set_str(t, name, Value::Table(mt)).unwrap();
    h.set(t, Key::new(Value::Float(0.5)).unwrap(), Value::Bool(true))
        .unwrap();
    h.sync();
    assert_eq!(h.length(t), 10_000);
    assert_eq!(as_int(h.get(t, Key::new(Value::Float(77.0)).unwrap())), 77);
    assert!(matches!(h.get_str(t, name), Value::Table(x) if x == mt));
    let mut n = 0;
    let mut k = Value::Nil;
    while let Some((nk, _)) = h.next(t, k).unwrap() {
        n += 1;
        k = nk;
        // Clearing fields during a traversal is allowed, queued or not.
        if n % 2 == 0 {
            h.set(t, Key::new(nk).unwrap(), Value::Nil).unwrap();
        }
    }
    assert_eq!(n, 10_002);
    h.sync();
    assert!(h.get_int(t, 2).is_nil() && as_int(h.get_int(t, 3)) == 3);
}

#[test]
fn functions_and_closures() {
    let h = Heap::new();
    let f = h.new_function(FunctionObj::Native(NativeClosure {
        f: native,
        upvals: vec![Value::Int(1), Value::Nil].into_boxed_slice(),
    }));
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
    let clones = h.counters().clones;
    assert!(matches!(h.function(g), Callee::Lua(p) if std::rc::Rc::ptr_eq(&p, &proto)));
    let counted = h.counters().clones - clones;
    assert_eq!(counted, if cfg!(feature = "count") { 1 } else { 0 });
}

#[test]
fn userdata() {
    let h = Heap::new();
    let u = h.new_userdata(Box::new(41i32));
    h.with_userdata(u, |d| *d.downcast_mut::<i32>().unwrap() += 1);
    assert_eq!(
        h.with_userdata(u, |d| *d.downcast_ref::<i32>().unwrap()),
        42
    );
    let v = h.new_userdata(Box::new(String::from("x")));
    assert_ne!(u, v);
    assert!(h.with_userdata(v, |d| d.is::<String>()));
}
