//! The two lifecycle mistakes the seed design document warns about, shown on this
//! crate's public API: what each one breaks, and that the single-commit-point pattern
//! (queue during the step, commit once at its end or before an error leaves it) does not.
//!
//! The queue here is long-lived and reusable, so a write after a commit is not an error
//! the API can catch: the tests show the silent failure instead (a half-applied step, a
//! write the committed heap misses), which is why the VM has a single commit point.

use luatb::heap::HeapBackend;
use luatb::value::{Key, Value};
use luatb::Lua;
use luatb_transaction::{CommittedHeap, Heap, HeapTransaction, TableRef};

type V = Value<Heap>;

fn key(i: i64) -> Key<Heap> {
    Key::new(Value::Int(i)).expect("integer keys are valid")
}

fn committed(heap: &CommittedHeap, t: TableRef, i: i64) -> Option<i64> {
    match heap.table(t).get_int(i) {
        Value::Int(n) => Some(n),
        _ => None,
    }
}

/// One VM step that writes a result and then does its bookkeeping (the seed's program
/// counter update), with a commit where `early` says.
fn step(tx: &mut HeapTransaction, heap: &mut CommittedHeap, t: TableRef, early: bool) {
    tx.queue_table_set(t, key(1), Value::Int(10));
    if early {
        tx.commit(heap);
    }
    tx.queue_table_set(t, key(2), Value::Int(11));
    if !early {
        tx.commit(heap);
    }
}

#[test]
fn early_commit_leaves_the_step_half_applied() {
    let (mut heap, mut tx) = (CommittedHeap::new(), HeapTransaction::new());
    let t = heap.alloc_table(0, 0);
    step(&mut tx, &mut heap, t, true);
    // The result is committed but the bookkeeping is not: anyone reading the committed
    // heap between steps sees a state no step boundary ever had.
    assert_eq!(committed(&heap, t, 1), Some(10));
    assert_eq!(committed(&heap, t, 2), None);
    assert_eq!(
        tx.len(),
        1,
        "the bookkeeping write is stranded in the queue"
    );
}

#[test]
fn one_commit_at_the_end_of_the_step_applies_it_whole() {
    let (mut heap, mut tx) = (CommittedHeap::new(), HeapTransaction::new());
    let t = heap.alloc_table(0, 0);
    step(&mut tx, &mut heap, t, false);
    assert_eq!(committed(&heap, t, 1), Some(10));
    assert_eq!(committed(&heap, t, 2), Some(11));
    assert!(tx.is_empty());
}

/// A handler that writes, then fails; `commit_first` is the recommended pattern.
fn failing_handler(
    tx: &mut HeapTransaction,
    heap: &mut CommittedHeap,
    t: TableRef,
    commit_first: bool,
) -> Result<(), String> {
    tx.queue_table_set(t, key(1), Value::Int(42));
    if commit_first {
        tx.commit(heap);
    }
    Err("boom".into())
}

#[test]
fn returning_an_error_without_committing_hides_the_write_from_the_handler() {
    let (mut heap, mut tx) = (CommittedHeap::new(), HeapTransaction::new());
    let t = heap.alloc_table(0, 0);
    assert!(failing_handler(&mut tx, &mut heap, t, false).is_err());
    // Lua keeps writes made before an error (there is no rollback), but the error
    // handler, reading the committed heap, does not see this one...
    assert_eq!(committed(&heap, t, 1), None);
    // ...and it lands later, inside whatever unrelated step commits next, after the
    // handler has already acted on the old value.
    tx.queue_table_set(t, key(1), Value::Int(7));
    tx.commit(&mut heap);
    assert_eq!(committed(&heap, t, 1), Some(7));
    assert!(failing_handler(&mut tx, &mut heap, t, false).is_err());
    tx.queue_table_set(t, key(3), Value::Int(0));
    tx.commit(&mut heap);
    assert_eq!(
        committed(&heap, t, 1),
        Some(42),
        "the failed step's write surfaced late"
    );
}

#[test]
fn committing_before_the_error_propagates_shows_the_write() {
    let (mut heap, mut tx) = (CommittedHeap::new(), HeapTransaction::new());
    let t = heap.alloc_table(0, 0);
    assert!(failing_handler(&mut tx, &mut heap, t, true).is_err());
    assert_eq!(committed(&heap, t, 1), Some(42));
    assert!(tx.is_empty());
}

#[test]
fn the_vm_commits_before_an_error_reaches_pcall() {
    let mut lua = Lua::<Heap>::new();
    let f = lua
        .load(
            b"local t = {}\n\
              local ok = pcall(function() t.x = 1; error('e') end)\n\
              return t, ok",
            "=antipattern",
        )
        .expect("compiles");
    let r = lua.call(f, &[]).expect("runs");
    let (Value::Table(t), Value::Bool(false)) = (r[0], r[1]) else {
        panic!("unexpected results {r:?}");
    };
    let x = lua.vm.heap.intern(b"x");
    assert!(matches!(lua.vm.heap.get_str(t, x), Value::Int(1)));
    // The write made before the error is in the committed heap itself.
    let committed: V = lua.vm.heap.committed().table(t).get_str(x);
    assert!(matches!(committed, Value::Int(1)));
}
