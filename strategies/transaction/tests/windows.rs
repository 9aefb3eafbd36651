//! Register windows: the slot mapping, protection of waiting frames, the window-to-stack
//! sync on capture, write-through of captured registers, and thread switches.

use luatb::function::UpvalState;
use luatb::heap::HeapBackend;
use luatb::value::Value;
use luatb::vm::ThreadState;
use luatb_transaction::{Heap, WINDOW};

type V = Value<Heap>;

const DIRECT: bool = cfg!(feature = "direct-upvalues");
const COUNT: bool = cfg!(feature = "count");

fn as_int(v: V) -> i64 {
    match v {
        Value::Int(i) => i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

#[test]
fn slots_map_to_window_and_register() {
    assert_eq!(WINDOW, 256);
    assert_eq!(<Heap as HeapBackend>::WINDOW, 256);
    let mut h = Heap::new();
    assert_eq!(h.stack_size(), 0);
    h.grow_stack(3 * 256 - 10);
    assert_eq!(h.stack_size(), 3 * 256, "whole windows");
    assert_eq!(
        h.windows().windows_in_use(),
        0,
        "storage comes with the first write"
    );
    h.set_reg(2 * 256 + 5, Value::Int(25));
    h.set_reg(256, Value::Int(10));
    {
        let w = h.windows();
        assert_eq!(w.windows_in_use(), 2);
        assert_eq!(as_int(w.register(2, 5)), 25);
        assert_eq!(as_int(w.register(1, 0)), 10);
        assert!(w.register(0, 5).is_nil());
    }
    assert_eq!(as_int(h.reg(517)), 25);
    assert!(h.reg(3).is_nil() && h.reg(767).is_nil());
    // Copies and clears across a window boundary, overlapping both ways.
    for i in 250..262 {
        h.set_reg(i, Value::Int(i as i64));
    }
    h.copy_regs(250, 252, 8);
    let got: Vec<i64> = (250..262).map(|i| as_int(h.reg(i))).collect();
    assert_eq!(
        got,
        [250, 251, 250, 251, 252, 253, 254, 255, 256, 257, 260, 261]
    );
    h.copy_regs(252, 251, 8);
    let got: Vec<i64> = (250..262).map(|i| as_int(h.reg(i))).collect();
    assert_eq!(
        got,
        [250, 250, 251, 252, 253, 254, 255, 256, 257, 257, 260, 261]
    );
    h.clear_regs(254, 4);
    assert!((254..258).all(|i| h.reg(i).is_nil()));
    assert_eq!(as_int(h.reg(258)), 257);
    h.grow_stack(10);
    assert_eq!(h.stack_size(), 768, "grow_stack never shrinks");
}

#[test]
fn frames_protect_their_callers() {
    let mut h = Heap::new();
    h.grow_stack(4 * 256);
    h.enter_frame(256);
    assert_eq!(h.windows().active_window(), Some(1));
    assert!(!h.windows().is_protected(1));
    h.set_reg(256, Value::Int(1));
    h.enter_frame(3 * 256);
    assert_eq!(h.windows().active_window(), Some(3));
    assert!(h.windows().is_protected(1));
    assert!(!h.windows().is_protected(3));
    h.set_reg(3 * 256 + 1, Value::Int(2));
    // A closure may still assign a waiting frame's captured variable.
    let u = h.new_upval(UpvalState::Open {
        thread: h.main_thread(),
        slot: 256,
    });
    h.upval_set(u, Value::Int(5));
    assert_eq!(as_int(h.reg(256)), 5);
    h.leave_frame(3 * 256);
    assert!(!h.windows().is_protected(1));
    assert_eq!(h.windows().active_window(), Some(1));
    h.set_reg(257, Value::Int(3));
    // A tail call leaves and re-enters the same window.
    h.leave_frame(256);
    h.enter_frame(256);
    h.leave_frame(256);
    assert_eq!(h.windows().active_window(), None);
    let p = h.counters().protections;
    assert_eq!(p, if COUNT { 1 } else { 0 });
}

#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "protected window")]
fn writing_a_protected_register_is_a_vm_bug() {
    let mut h = Heap::new();
    h.grow_stack(3 * 256);
    h.enter_frame(256);
    h.enter_frame(512);
    h.set_reg(260, Value::Nil);
}

#[test]
fn capture_syncs_the_window_to_the_heap_stack() {
    let mut h = Heap::new();
    let main = h.main_thread();
    h.grow_stack(2 * 256);
    h.enter_frame(256);
    for r in 0..10 {
        h.set_reg(256 + r, Value::Int(r as i64 * 100));
    }
    let c0 = h.counters();
    h.before_capture(256 + 3);
    let c = h.counters();
    if DIRECT {
        assert_eq!(h.pending_writes(), 0, "the ablation skips the sync");
        assert_eq!(c.window_syncs, c0.window_syncs);
        return;
    }
    // The whole live window, through the transaction.
    assert_eq!(h.pending_writes(), 10);
    assert!(h.committed().stack_slot(main, 256 + 7).is_nil());
    assert_eq!(as_int(h.stack_slot(main, 256 + 7)), 700);
    assert!(h.windows().is_captured(259));
    assert!(!h.windows().is_captured(258));
    if COUNT {
        assert_eq!(c.window_syncs - c0.window_syncs, 1);
        assert_eq!(c.window_slots_copied - c0.window_slots_copied, 10);
        assert_eq!(c.queued_writes - c0.queued_writes, 10);
    }
    h.sync();
    for r in 0..10 {
        assert_eq!(
            as_int(h.committed().stack_slot(main, 256 + r)),
            r as i64 * 100
        );
    }
    // Capturing a register past the written ones still copies up to it.
    h.before_capture(256 + 20);
    assert_eq!(h.pending_writes(), 21);
    assert!(h.stack_slot(main, 276).is_nil());
}

#[test]
fn write_through_keeps_an_open_upvalue_coherent() {
    let mut h = Heap::new();
    let main = h.main_thread();
    h.grow_stack(2 * 256);
    h.enter_frame(256);
    let slot = 256 + 4;
    h.set_reg(slot, Value::Int(1));
    h.before_capture(slot);
    let u = h.new_upval(UpvalState::Open { thread: main, slot });
    h.sync();
    assert_eq!(as_int(h.upval_get(u)), 1);
    // The frame assigns its local: the closure sees it at once and after the commit.
    h.set_reg(slot, Value::Int(2));
    assert_eq!(as_int(h.upval_get(u)), 2);
    h.sync();
    assert_eq!(as_int(h.upval_get(u)), 2);
    if !DIRECT {
        assert_eq!(as_int(h.committed().stack_slot(main, slot)), 2);
    }
    // Block moves and clears write through as well.
    h.set_reg(slot + 10, Value::Int(3));
    h.copy_regs(slot + 10, slot, 1);
    assert_eq!(as_int(h.upval_get(u)), 3);
    h.clear_regs(slot, 1);
    assert!(h.upval_get(u).is_nil());
    // The closure assigns: the frame's register sees it.
    h.upval_set(u, Value::Int(4));
    assert_eq!(as_int(h.reg(slot)), 4);
    assert_eq!(as_int(h.upval_get(u)), 4);
    h.sync();
    // Closing copies the value into the upvalue and stops the write-through.
    h.upval_close(u);
    assert!(!h.windows().is_captured(slot));
    let before = h.pending_writes();
    h.set_reg(slot, Value::Int(5));
    assert_eq!(h.pending_writes(), before, "no write-through after close");
    assert_eq!(as_int(h.upval_get(u)), 4);
    h.sync();
    assert!(matches!(
        h.committed().upval(u),
        UpvalState::Closed(Value::Int(4))
    ));
    h.upval_set(u, Value::Int(6));
    assert_eq!(as_int(h.reg(slot)), 5);
    assert_eq!(as_int(h.upval_get(u)), 6);
    h.upval_close(u);
    assert_eq!(as_int(h.upval_get(u)), 6, "closing twice keeps the value");
}

#[test]
fn threads_keep_windows_and_stacks_apart() {
    let mut h = Heap::new();
    let main = h.main_thread();
    assert_eq!(h.current_thread(), main);
    h.grow_stack(2 * 256);
    h.enter_frame(256);
    h.set_reg(256 + 3, Value::Int(100));
    h.before_capture(256 + 3);
    let u = h.new_upval(UpvalState::Open {
        thread: main,
        slot: 256 + 3,
    });
    let co = h.new_thread();
    assert_ne!(co, main);
    let mut state = ThreadState::default();
    h.switch_thread(co, &mut state);
    assert_eq!(h.current_thread(), co);
    assert_eq!(h.stack_size(), 0);
    assert_eq!(h.windows().active_window(), None);
    h.grow_stack(2 * 256);
    h.enter_frame(256);
    h.set_reg(256 + 3, Value::Int(200));
    // main's open upvalue reaches main's parked window and stack, not co's registers.
    assert_eq!(as_int(h.upval_get(u)), 100);
    h.upval_set(u, Value::Int(101));
    assert_eq!(as_int(h.reg(256 + 3)), 200);
    h.sync();
    h.switch_thread(main, &mut state);
    assert_eq!(h.current_thread(), main);
    assert_eq!(h.stack_size(), 512);
    assert_eq!(h.windows().active_window(), Some(1));
    assert_eq!(as_int(h.reg(256 + 3)), 101);
    assert_eq!(as_int(h.upval_get(u)), 101);
    h.switch_thread(co, &mut state);
    assert_eq!(as_int(h.reg(256 + 3)), 200);
    h.switch_thread(co, &mut state);
    assert_eq!(
        as_int(h.reg(256 + 3)),
        200,
        "switching to the running thread is a no-op"
    );
    if !DIRECT {
        let c = h.committed();
        assert_eq!(as_int(c.stack_slot(main, 259)), 101);
        assert!(c.stack_slot(co, 259).is_nil(), "co never captured anything");
    }
}

/// H5's pcall-in-a-metamethod cost was a leak: a native called inside a metamethod left
/// the stack top in the metamethod's window, the next metamethod call started above it,
/// and every iteration took (and, at the next collection, scanned) a fresh window.
#[test]
fn a_loop_of_metamethods_calling_natives_reuses_its_windows() {
    let mut in_use = Vec::new();
    for n in [10, 1000] {
        let mut lua = luatb::Lua::<Heap>::new();
        let src = format!(
            "local function index(t, k) local ok, v = pcall(type, k); return v end
             local t = setmetatable({{}}, {{__index = index}})
             for i = 1, {n} do local v = t.k end"
        );
        lua.exec(src.as_bytes(), "=t").expect("runs");
        in_use.push(lua.vm.heap.windows().windows_in_use());
    }
    assert!(
        in_use[1] <= 4,
        "windows in use after 1000 calls: {in_use:?}"
    );
    assert_eq!(
        in_use[0], in_use[1],
        "window count depends on the loop length"
    );
}

/// The dispatch loop's view of a frame reaches the same registers as `reg`/`set_reg`, with
/// the same effects: the window's storage, write-through of captured registers, the part
/// a sync copies.
#[test]
fn the_frame_view_is_the_window() {
    use luatb::heap::RegisterView;
    let mut h = Heap::new();
    let main = h.main_thread();
    h.grow_stack(3 * 256);
    h.enter_frame(256);
    assert_eq!(h.windows().windows_in_use(), 0);
    let view = h.view(256);
    assert_eq!(
        h.windows().windows_in_use(),
        1,
        "the view allocates its window"
    );
    assert!(view.get(7).is_nil());
    view.set(3, Value::Int(30));
    assert_eq!(as_int(h.reg(259)), 30);
    h.set_reg(260, Value::Int(40));
    assert_eq!(as_int(view.get(4)), 40);
    view.set_n(5, [Value::Int(50), Value::Int(60), Value::Int(70)]);
    assert_eq!(
        view.get_n::<3>(5).map(as_int),
        [50, 60, 70],
        "get_n reads what set_n wrote"
    );
    assert_eq!(as_int(h.reg(263)), 70);
    assert!(h.reg(3 * 256 - 1).is_nil() && h.reg(255).is_nil());
    if cfg!(feature = "no-window-sync") {
        return; // open upvalues are incoherent without the sync, on purpose
    }
    // The sync copies up to the highest register the view wrote (R[7]).
    let c0 = h.counters();
    h.before_capture(256 + 4);
    let c = h.counters();
    if !DIRECT {
        assert_eq!(h.pending_writes(), 8);
        if COUNT {
            assert_eq!(c.window_slots_copied - c0.window_slots_copied, 8);
        }
    }
    h.sync();
    // A captured register written through the view goes through to the heap stack, and
    // one written as a block too; the others do not.
    let u = h.new_upval(UpvalState::Open {
        thread: main,
        slot: 260,
    });
    let view = h.view(256);
    view.set(4, Value::Int(41));
    assert_eq!(as_int(h.upval_get(u)), 41);
    view.set(9, Value::Int(90));
    let queued = h.pending_writes();
    assert_eq!(queued, if DIRECT { 0 } else { 1 });
    view.set_n(3, [Value::Int(31), Value::Int(42)]);
    assert_eq!(as_int(h.upval_get(u)), 42);
    let more = if DIRECT { 0 } else { 1 };
    assert_eq!(h.pending_writes(), queued + more, "only R[4] goes through");
    if COUNT {
        let d = h.counters().queued_writes - c.queued_writes;
        assert_eq!(d, if DIRECT { 0 } else { 2 });
    }
    h.sync();
    if !DIRECT {
        assert_eq!(as_int(h.committed().stack_slot(main, 260)), 42);
        assert_eq!(as_int(h.committed().stack_slot(main, 259)), 30);
    }
    // A closure's write is what the view reads next.
    h.upval_set(u, Value::Int(43));
    assert_eq!(as_int(h.view(256).get(4)), 43);
}

#[test]
#[should_panic]
fn a_view_index_past_the_window_panics() {
    use luatb::heap::RegisterView;
    let mut h = Heap::new();
    h.grow_stack(3 * 256);
    h.set_reg(512, Value::Int(1));
    h.view(256).get(256);
}

#[test]
#[should_panic]
fn a_view_block_past_the_window_panics() {
    use luatb::heap::RegisterView;
    let mut h = Heap::new();
    h.grow_stack(3 * 256);
    h.view(256).set_n(254, [Value::Nil; 3]);
}

#[test]
#[should_panic(expected = "window-aligned")]
fn a_view_needs_a_window_aligned_base() {
    let mut h = Heap::new();
    h.grow_stack(3 * 256);
    let _ = h.view(257);
}

#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "protected window")]
fn a_view_cannot_write_a_waiting_frame() {
    use luatb::heap::RegisterView;
    let mut h = Heap::new();
    h.grow_stack(3 * 256);
    h.enter_frame(256);
    h.enter_frame(512);
    h.view(256).set(1, Value::Nil);
}
