//! A handle kept past its object's collection is caught (a panic naming it), in the
//! normal build and in the `checked` one, and never reaches the object that took its slot.

use luatb::heap::{GcObj, HeapBackend};
use luatb::value::Value;
use luatb_unsafe::Heap;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn panic_text(f: impl FnOnce()) -> String {
    let e = catch_unwind(AssertUnwindSafe(f)).expect_err("a stale handle went unnoticed");
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Collect everything but the main thread.
fn sweep_all(h: &Heap) {
    h.gc_mark(GcObj::Thread(h.main_thread()));
    h.gc_sweep();
}

#[test]
fn a_stale_table_handle_panics_even_after_its_slot_is_reused() {
    let h = Heap::new();
    let old = h.new_table(0, 0);
    h.set_int(old, 1, Value::Int(10)).unwrap();
    sweep_all(&h);
    let msg = panic_text(|| {
        h.get_int(old, 1);
    });
    assert!(msg.contains("freed"), "unexpected panic: {msg}");
    // The slot is reused by a new table; the old handle still does not reach it.
    let new = h.new_table(0, 0);
    assert_eq!(new.index(), old.index());
    assert_ne!(new, old);
    h.set_int(new, 1, Value::Int(20)).unwrap();
    let msg = panic_text(|| {
        h.set_int(old, 1, Value::Int(30)).unwrap();
    });
    assert!(msg.contains("freed"), "unexpected panic: {msg}");
    assert!(matches!(h.get_int(new, 1), Value::Int(20)));
}

#[test]
fn stale_string_and_function_handles_panic() {
    let h = Heap::new();
    let s = h.intern(b"gone");
    sweep_all(&h);
    let msg = panic_text(|| {
        h.with_str(s, |b| b.len());
    });
    assert!(msg.contains("freed"), "unexpected panic: {msg}");
    // Interning again makes a new string, not the stale one.
    let s2 = h.intern(b"gone");
    assert_ne!(s, s2);
    assert_eq!(h.with_str(s2, |b| b.to_vec()), b"gone");
}

#[test]
fn marked_objects_survive_and_keep_their_contents() {
    let h = Heap::new();
    let keep = h.new_table(0, 0);
    let k = h.intern(b"k");
    h.set_str(keep, k, Value::Int(7)).unwrap();
    let drop_me = h.new_table(4, 0);
    let before = h.heap_bytes();
    h.gc_mark(GcObj::Table(keep));
    h.gc_mark(GcObj::Str(k));
    sweep_all(&h);
    assert!(h.heap_bytes() < before, "freeing a table gives bytes back");
    assert!(matches!(h.get_str(keep, k), Value::Int(7)));
    assert!(catch_unwind(AssertUnwindSafe(|| h.length(drop_me))).is_err());
}
