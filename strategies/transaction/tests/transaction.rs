//! The write queue: invisible to the committed heap until `sync`, visible to every read,
//! applied in order, counted, and linear in a burst.

use luatb::function::{FunctionObj, NativeClosure, UpvalState};
use luatb::heap::HeapBackend;
use luatb::value::{Key, Value};
use luatb::vm::{CallCtx, Vm};
use luatb_transaction::{CommittedHeap, Heap, HeapTransaction, Slot, TableRef, SMALL};

type V = Value<Heap>;

fn as_int(v: V) -> i64 {
    match v {
        Value::Int(i) => i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

fn committed_int(h: &Heap, t: TableRef, k: i64) -> V {
    h.committed().table(t).get_int(k)
}

#[test]
fn writes_wait_for_sync_but_reads_see_them() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    let name = h.intern(b"name");
    h.set_int(t, 1, Value::Int(10)).unwrap();
    h.set_str(t, name, Value::Bool(true)).unwrap();
    h.set(t, Key::new(Value::Float(2.5)).unwrap(), Value::Int(3))
        .unwrap();
    assert_eq!(h.pending_writes(), 3);
    // The committed heap has not changed...
    assert!(committed_int(&h, t, 1).is_nil());
    assert!(h.committed().table(t).get_str(name).is_nil());
    assert_eq!(h.committed().table(t).length(), 0);
    // ...but every read path sees the queue.
    assert_eq!(as_int(h.get_int(t, 1)), 10);
    assert_eq!(as_int(h.get(t, Key::new(Value::Float(1.0)).unwrap())), 10);
    assert!(matches!(h.get_str(t, name), Value::Bool(true)));
    assert_eq!(as_int(h.get(t, Key::new(Value::Float(2.5)).unwrap())), 3);
    assert_eq!(h.length(t), 1);
    h.sync();
    assert_eq!(h.pending_writes(), 0);
    assert_eq!(as_int(committed_int(&h, t, 1)), 10);
    assert!(matches!(
        h.committed().table(t).get_str(name),
        Value::Bool(true)
    ));
    assert_eq!(h.length(t), 1);
}

#[test]
fn commit_applies_in_order_and_the_last_write_wins() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    let mt = h.new_table(0, 0);
    for v in [1, 2, 3] {
        h.set_int(t, 5, Value::Int(v)).unwrap();
    }
    h.set_int(t, 6, Value::Int(6)).unwrap();
    h.set_int(t, 6, Value::Nil).unwrap();
    h.set_metatable(t, Some(mt));
    assert_eq!(h.metatable(t), Some(mt));
    assert_eq!(h.committed().table(t).metatable, None);
    h.set_metatable(t, None);
    assert_eq!(h.metatable(t), None);
    h.set_metatable(t, Some(mt));
    assert_eq!(as_int(h.get_int(t, 5)), 3);
    assert!(h.get_int(t, 6).is_nil());
    h.sync();
    assert_eq!(as_int(committed_int(&h, t, 5)), 3);
    assert!(committed_int(&h, t, 6).is_nil());
    assert_eq!(h.committed().table(t).metatable, Some(mt));
    // Order is kept, so `t[2]` then `t[1]` still ends as a sequence of length 2.
    let s = h.new_table(0, 0);
    h.set_int(s, 2, Value::Int(2)).unwrap();
    h.set_int(s, 1, Value::Int(1)).unwrap();
    h.sync();
    assert_eq!(h.length(s), 2);
    assert_eq!(h.committed().table(s).array_len(), 2);
}

#[test]
fn a_transaction_on_its_own() {
    let mut heap = CommittedHeap::new();
    let t = heap.alloc_table(0, 0);
    let u = heap.alloc_upval(UpvalState::Closed(Value::Int(0)));
    let mut tx = HeapTransaction::new();
    assert!(tx.is_empty());
    assert_eq!(tx.commit(&mut heap), 0);
    for i in 1..=20 {
        tx.queue_table_set(t, Key(Value::Int(i)), Value::Int(i * i));
    }
    tx.queue_table_set(t, Key(Value::Int(3)), Value::Int(-3));
    tx.queue_upval_set(u, Value::Int(7));
    assert_eq!(tx.len(), 22);
    assert!(tx.len() > SMALL, "the hashed index is exercised");
    assert_eq!(
        tx.lookup(&Slot::Field(t, Key(Value::Int(3)))).map(as_int),
        Some(-3)
    );
    assert_eq!(tx.lookup(&Slot::Upval(u)).map(as_int), Some(7));
    assert!(tx.lookup(&Slot::Field(t, Key(Value::Int(21)))).is_none());
    assert!(heap.table(t).get_int(4).is_nil());
    assert_eq!(tx.commit(&mut heap), 22);
    assert!(tx.is_empty());
    assert!(tx.lookup(&Slot::Field(t, Key(Value::Int(4)))).is_none());
    assert_eq!(as_int(heap.table(t).get_int(4)), 16);
    assert_eq!(as_int(heap.table(t).get_int(3)), -3);
    assert_eq!(heap.table(t).length(), 20);
    assert!(matches!(heap.upval(u), UpvalState::Closed(Value::Int(7))));
    // A short log is answered by scanning, newest first.
    tx.queue_table_set(t, Key(Value::Int(1)), Value::Int(100));
    tx.queue_table_set(t, Key(Value::Int(1)), Value::Int(200));
    assert_eq!(
        tx.lookup(&Slot::Field(t, Key(Value::Int(1)))).map(as_int),
        Some(200)
    );
    assert!(tx.touches_table(t));
    assert_eq!(tx.commit(&mut heap), 2);
    assert_eq!(as_int(heap.table(t).get_int(1)), 200);
}

#[test]
fn counters_count_commits_and_queued_writes() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    let c0 = h.counters();
    h.sync();
    assert_eq!(h.counters(), c0, "an empty sync commits nothing");
    h.set_int(t, 1, Value::Int(1)).unwrap();
    h.set_int(t, 2, Value::Int(2)).unwrap();
    h.sync();
    h.set_metatable(t, None);
    h.sync();
    h.sync();
    let c = h.counters();
    if cfg!(feature = "count") {
        assert_eq!(c.commits - c0.commits, 2);
        assert_eq!(c.queued_writes - c0.queued_writes, 3);
    } else {
        assert_eq!(c, c0);
    }
    assert_eq!(c.borrows, 0);
}

#[test]
fn length_searches_through_the_queue() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    for i in 1..=10 {
        h.set_int(t, i, Value::Int(i)).unwrap();
    }
    h.sync();
    h.set_int(t, 10, Value::Nil).unwrap();
    h.set_int(t, 9, Value::Nil).unwrap();
    assert_eq!(h.length(t), 8);
    h.set_int(t, 9, Value::Int(9)).unwrap();
    h.set_int(t, 10, Value::Int(10)).unwrap();
    h.set_int(t, 11, Value::Int(11)).unwrap();
    assert_eq!(h.length(t), 11);
    h.sync();
    assert_eq!(h.length(t), 11);
    // Emptying the whole array in one step.
    for i in 1..=11 {
        h.set_int(t, i, Value::Nil).unwrap();
    }
    assert_eq!(h.length(t), 0);
    h.sync();
    assert_eq!(h.length(t), 0);
    // Appends past a committed hash run: the result is a border.
    let s = h.new_table(0, 0);
    for i in (3..=40).rev() {
        h.set_int(s, i, Value::Int(i)).unwrap();
    }
    h.sync();
    h.set_int(s, 1, Value::Int(1)).unwrap();
    h.set_int(s, 2, Value::Int(2)).unwrap();
    let n = h.length(s);
    assert!(
        !h.get_int(s, n).is_nil() && h.get_int(s, n + 1).is_nil(),
        "{n}"
    );
}

#[test]
fn next_commits_a_table_it_has_writes_for() {
    let h = Heap::new();
    let t = h.new_table(0, 0);
    let other = h.new_table(0, 0);
    let k = h.intern(b"k");
    h.set_str(other, k, Value::Int(1)).unwrap();
    assert_eq!(h.next(t, Value::Nil).unwrap().map(|_| ()), None);
    assert_eq!(
        h.pending_writes(),
        1,
        "a traversal of an untouched table commits nothing"
    );
    h.set_str(t, k, Value::Int(2)).unwrap();
    let (key, v) = h.next(t, Value::Nil).unwrap().expect("the queued field");
    assert!(matches!(key, Value::Str(s) if s == k));
    assert_eq!(as_int(v), 2);
    assert_eq!(h.pending_writes(), 0);
}

fn native(_: &mut Vm<Heap>, _: CallCtx) -> Result<usize, luatb::LuaError<Heap>> {
    Ok(0)
}

#[test]
fn every_kind_of_write_is_queued() {
    let h = Heap::new();
    let mt = h.new_table(0, 0);
    let f = h.new_function(FunctionObj::Native(NativeClosure {
        f: native,
        upvals: vec![Value::Int(1)].into_boxed_slice(),
    }));
    let ud = h.new_userdata(Box::new(5u8));
    let u = h.new_upval(UpvalState::Closed(Value::Int(0)));
    h.set_native_upvalue(f, 0, Value::Int(2));
    h.set_userdata_metatable(ud, Some(mt));
    h.upval_set(u, Value::Int(3));
    assert_eq!(h.pending_writes(), 3);
    assert_eq!(as_int(h.native_upvalue(f, 0)), 2);
    assert_eq!(as_int(h.committed().native_upvalue(f, 0)), 1);
    assert_eq!(h.userdata_metatable(ud), Some(mt));
    assert_eq!(h.committed().userdata_metatable(ud), None);
    assert_eq!(as_int(h.upval_get(u)), 3);
    assert!(matches!(
        h.committed().upval(u),
        UpvalState::Closed(Value::Int(0))
    ));
    h.sync();
    assert_eq!(as_int(h.committed().native_upvalue(f, 0)), 2);
    assert_eq!(h.committed().userdata_metatable(ud), Some(mt));
    assert!(matches!(
        h.committed().upval(u),
        UpvalState::Closed(Value::Int(3))
    ));
}

/// A native such as `table.sort` or a `table.concat` loop does all its work in one step:
/// 10^5 writes, each read back, then read again, must not be quadratic.
#[test]
fn a_burst_of_writes_in_one_step_stays_linear() {
    const N: i64 = 100_000;
    let h = Heap::new();
    let t = h.new_table(0, 0);
    let s = h.new_table(0, 0);
    for i in 1..=N {
        h.set_int(t, i, Value::Int(i)).unwrap();
        assert_eq!(as_int(h.get_int(t, i)), i);
        let k = h.intern(format!("k{}", i % 1000).as_bytes());
        h.set_str(s, k, Value::Int(i)).unwrap();
    }
    assert_eq!(h.pending_writes(), 2 * N as usize);
    assert_eq!(h.length(t), N);
    for i in (1..=N).rev() {
        let j = N + 1 - i;
        if i <= j {
            break;
        }
        let (a, b) = (h.get_int(t, i), h.get_int(t, j));
        h.set_int(t, i, b).unwrap();
        h.set_int(t, j, a).unwrap();
    }
    assert_eq!(as_int(h.get_int(t, 1)), N);
    assert_eq!(as_int(h.get_int(t, N)), 1);
    assert_eq!(as_int(h.get_str(s, h.intern(b"k7"))), N - 993);
    assert!(committed_int(&h, t, 1).is_nil());
    let bytes_during = h.heap_bytes();
    h.sync();
    assert_eq!(h.pending_writes(), 0);
    assert_eq!(as_int(committed_int(&h, t, 1)), N);
    assert_eq!(h.committed().table(t).length(), N);
    assert_eq!(h.committed().table(s).hash_len(), 1000);
    assert!(
        h.heap_bytes() < bytes_during,
        "the burst's queue is freed after commit"
    );
}
