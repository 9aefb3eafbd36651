//! Object guards: dropping one releases its arena, a conflicting one is refused while it
//! lives, and a mutable guard's `Drop` commits the object's growth.

use luatb::function::{FunctionObj, NativeClosure};
use luatb::heap::HeapBackend;
use luatb::value::{Key, Value};
use luatb::vm::{CallCtx, Vm};
use luatb::LuaError;
use luatb_guard::{GuardConflict, Heap, TableRef, ThreadRef};
use std::mem::size_of;
use std::panic::{catch_unwind, AssertUnwindSafe};

type V = Value<Heap>;

fn int(v: V) -> i64 {
    match v {
        Value::Int(i) => i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

/// The panic message of `f`, or None when it returns.
fn panic_message(f: impl FnOnce()) -> Option<String> {
    let err = catch_unwind(AssertUnwindSafe(f)).err()?;
    Some(match err.downcast::<String>() {
        Ok(s) => *s,
        Err(e) => e
            .downcast::<&str>()
            .map(|s| s.to_string())
            .unwrap_or_default(),
    })
}

fn native(_: &mut Vm<Heap>, _: CallCtx) -> Result<usize, LuaError<Heap>> {
    Ok(0)
}

#[test]
fn handles_are_small_and_values_16_bytes() {
    assert_eq!(size_of::<V>(), 16);
    assert!(size_of::<TableRef>() <= 8);
    assert!(size_of::<ThreadRef>() <= 8);
    assert_eq!(Heap::NAME, "guard");
}

#[test]
fn a_dropped_guard_releases_its_arena() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    {
        let mut g = h.tables().write(t.id());
        g.set_int(1, Value::Int(10));
        assert!(!h.is_released());
    }
    assert!(h.is_released());
    // A second mutable guard after the drop, then a read through the trait.
    h.tables().write(t.id()).set_int(2, Value::Int(20));
    assert_eq!(int(h.get_int(t, 1)), 10);
    assert_eq!(int(h.get_int(t, 2)), 20);
}

#[test]
fn shared_guards_coexist() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    h.set_int(t, 1, Value::Int(7)).unwrap();
    let a = h.tables().read(t.id());
    let b = h.tables().read(t.id());
    assert_eq!(int(a.get_int(1)), int(b.get_int(1)));
    assert_eq!(
        int(h.get_int(t, 1)),
        7,
        "the trait reads alongside held shared guards"
    );
    assert!(h.tables().try_write(t.id()).is_err());
}

#[test]
fn a_held_guard_refuses_a_conflicting_one() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    let u = h.new_table(0, 0);
    let held = h.tables().write(t.id());
    let refused = h.tables().try_read(t.id()).err();
    assert_eq!(
        refused,
        Some(GuardConflict {
            arena: "tables",
            index: t.index(),
            write: false
        })
    );
    // The flag is the arena's: another table is refused too, other arenas are not.
    assert!(h.tables().try_write(u.id()).is_err());
    let s = h.intern(b"free");
    assert_eq!(h.with_str(s, |b| b.len()), 4);
    drop(held);
    assert!(h.tables().try_write(u.id()).is_ok());
}

#[test]
#[should_panic(expected = "guard conflict: a mutable guard on tables[0]")]
fn a_write_through_the_trait_while_a_guard_is_held_panics() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    let _held = h.tables().read(t.id());
    let _ = h.set_int(t, 1, Value::Int(1));
}

#[test]
fn a_closure_that_touches_the_heap_breaks_the_contract_loudly() {
    let h = Heap::new();
    let u = h.new_userdata(Box::new(5u8));
    let msg = panic_message(|| {
        let _ = h.with_userdata(u, |_| h.userdata_metatable(u));
    });
    let msg = msg.expect("re-entering the userdata arena is refused");
    assert!(msg.contains("userdata"), "{msg}");
    // The guard was dropped while unwinding: the arena works again.
    assert!(h.is_released());
    assert_eq!(h.with_userdata(u, |d| *d.downcast_ref::<u8>().unwrap()), 5);
}

#[test]
fn a_mutable_guard_commits_growth_on_drop() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    let empty = h.tables().bytes();
    let before = h.heap_bytes();
    for i in 1..=1000 {
        h.set_int(t, i, Value::Int(i)).unwrap();
    }
    let own = h.tables().read(t.id()).bytes();
    assert!(own > empty + 1000 * 8, "table bytes {own}");
    assert_eq!(
        h.tables().bytes(),
        own,
        "the arena's count is the table's footprint"
    );
    assert_eq!(h.heap_bytes() - before, own - empty);
}

#[test]
fn every_object_kind_round_trips() {
    let h = Heap::new();
    let t = h.new_table(2, 2);
    let mt = h.new_table(0, 0);
    let k = h.intern(b"k");
    h.set(t, Key::new(Value::Float(3.0)).unwrap(), Value::Bool(true))
        .unwrap();
    h.set_str(t, k, Value::Int(1)).unwrap();
    assert!(matches!(h.get_int(t, 3), Value::Bool(true)));
    assert_eq!(int(h.get(t, Key(Value::Str(k)))), 1);
    assert_eq!(int(h.get_str(t, k)), 1);
    assert_eq!(h.length(t), 0);
    let mut seen = 0;
    let mut key = Value::Nil;
    while let Some((nk, _)) = h.next(t, key).unwrap() {
        seen += 1;
        key = nk;
    }
    assert_eq!(seen, 2);
    h.set_metatable(t, Some(mt));
    assert_eq!(h.metatable(t), Some(mt));

    let f = h.new_function(FunctionObj::Native(NativeClosure {
        f: native,
        upvals: vec![Value::Nil].into_boxed_slice(),
    }));
    h.set_native_upvalue(f, 0, Value::Int(9));
    assert_eq!(int(h.native_upvalue(f, 0)), 9);

    let ud = h.new_userdata(Box::new(vec![1u32, 2]));
    h.set_userdata_metatable(ud, Some(mt));
    assert_eq!(h.userdata_metatable(ud), Some(mt));
    h.with_userdata(ud, |d| d.downcast_mut::<Vec<u32>>().unwrap().push(3));
    assert_eq!(
        h.with_userdata(ud, |d| d.downcast_ref::<Vec<u32>>().unwrap().len()),
        3
    );
    assert!(h.is_released());
}

#[test]
fn sync_finds_a_guard_that_outlived_its_step() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    h.sync();
    let msg = panic_message(|| {
        let _leak = h.tables().read(t.id());
        h.sync();
    });
    assert_eq!(msg.is_some(), cfg!(debug_assertions), "{msg:?}");
}

#[test]
fn counters_follow_the_count_feature() {
    let mut h = Heap::new();
    let t = h.new_table(0, 0);
    h.grow_stack(8);
    h.enter_frame(1);
    h.set_int(t, 1, Value::Int(1)).unwrap();
    h.set_reg(1, h.get_int(t, 1));
    h.leave_frame(1);
    let c = h.counters();
    if cfg!(feature = "count") {
        assert!(c.borrows >= 5, "{c:?}");
        assert_eq!(c.protections, 1);
    } else {
        assert_eq!((c.borrows, c.protections), (0, 0));
    }
    assert_eq!((c.commits, c.queued_writes), (0, 0));
}
