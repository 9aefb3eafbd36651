//! Register guards and frame guards: the floor a frame guard raises, the writes it
//! refuses below it, and the writes that are allowed there (upvalues, results).

use luatb::function::UpvalState;
use luatb::heap::HeapBackend;
use luatb::value::Value;
use luatb_guard::registers::CHECKS;
use luatb_guard::Heap;
use std::panic::{catch_unwind, AssertUnwindSafe};

type V = Value<Heap>;

fn int(v: V) -> i64 {
    match v {
        Value::Int(i) => i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

fn panics(f: impl FnOnce()) -> bool {
    catch_unwind(AssertUnwindSafe(f)).is_err()
}

#[test]
fn registers_grow_read_write_copy_clear() {
    let mut h = Heap::new();
    assert_eq!(h.stack_size(), 0);
    h.grow_stack(8);
    assert!((0..8).all(|i| h.reg(i).is_nil()));
    for i in 0..8 {
        h.set_reg(i, Value::Int(i as i64));
    }
    h.grow_stack(4);
    assert_eq!(h.stack_size(), 8, "grow_stack never shrinks");
    h.copy_regs(0, 2, 4);
    let got: Vec<i64> = (0..8).map(|i| int(h.reg(i))).collect();
    assert_eq!(got, [0, 1, 0, 1, 2, 3, 6, 7]);
    h.copy_regs(2, 1, 4);
    let got: Vec<i64> = (0..8).map(|i| int(h.reg(i))).collect();
    assert_eq!(got, [0, 0, 1, 2, 3, 3, 6, 7]);
    h.clear_regs(3, 3);
    assert!(h.reg(3).is_nil() && h.reg(5).is_nil());
    assert_eq!(int(h.reg(6)), 6);
    assert!(h.is_released());
}

#[test]
fn frame_guards_raise_and_restore_the_floor() {
    let mut h = Heap::new();
    h.grow_stack(32);
    assert_eq!(h.floor(), 0);
    h.enter_frame(1);
    h.enter_frame(5);
    h.enter_frame(12);
    assert_eq!(h.frame_bases(), [1, 5, 12]);
    assert_eq!(h.floor(), 12);
    h.leave_frame(12);
    assert_eq!(h.floor(), 5);
    // A tail call: the frame leaves, and its replacement enters at the same base.
    h.leave_frame(5);
    h.enter_frame(5);
    assert_eq!(h.floor(), 5);
    h.leave_frame(5);
    h.leave_frame(1);
    assert_eq!(h.floor(), 0);
    assert!(h.frame_bases().is_empty());
}

#[test]
fn a_write_below_the_running_frame_is_refused() {
    let mut h = Heap::new();
    h.grow_stack(32);
    h.enter_frame(1);
    h.enter_frame(8);
    h.set_reg(8, Value::Int(1));
    h.set_reg(20, Value::Int(2));
    assert_eq!(panics(|| h.set_reg(7, Value::Int(3))), CHECKS);
    assert_eq!(panics(|| h.copy_regs(2, 6, 2)), CHECKS);
    assert_eq!(panics(|| h.clear_regs(2, 10)), CHECKS);
    if CHECKS {
        assert!(
            h.reg(7).is_nil() && h.reg(6).is_nil(),
            "refused writes did not land"
        );
    }
    // Reads below the floor are always allowed.
    assert!(h.reg(2).is_nil());
    assert!(
        h.is_released(),
        "the refused write's guard was dropped while unwinding"
    );
}

#[test]
#[should_panic(expected = "does not match the innermost frame guard")]
fn frames_leave_in_reverse_order() {
    let mut h = Heap::new();
    h.grow_stack(16);
    h.enter_frame(1);
    h.enter_frame(4);
    h.leave_frame(1);
}

#[test]
#[should_panic(expected = "entered below the running frame")]
fn frames_nest_upwards() {
    let mut h = Heap::new();
    h.grow_stack(16);
    h.enter_frame(6);
    h.enter_frame(3);
}

#[test]
fn results_pass_down_to_the_function_slot() {
    // The caller at base 1 has locals in 1..4 and calls the function in slot 4; the
    // callee's registers start at 5.
    let mut h = Heap::new();
    h.grow_stack(16);
    h.enter_frame(1);
    h.set_reg(3, Value::Int(3));
    h.set_reg(4, Value::Int(0));
    h.enter_frame(5);
    h.set_reg(5, Value::Int(42));
    h.set_reg(6, Value::Int(43));
    assert_eq!(
        panics(|| h.set_reg(4, Value::Nil)),
        CHECKS,
        "a plain write below"
    );
    assert_eq!(
        panics(|| h.copy_regs(2, 3, 1)),
        CHECKS,
        "not out of the frame"
    );
    assert_eq!(
        panics(|| h.copy_regs(5, 0, 1)),
        CHECKS,
        "below the caller's base"
    );
    assert_eq!(h.floor(), 5, "refused moves leave the floor");
    // Two results for a call that wants three: the move, then the padding.
    h.copy_regs(5, 4, 2);
    h.clear_regs(6, 1);
    if CHECKS {
        assert_eq!(h.floor(), 4, "the function slot is the new floor");
    }
    assert_eq!(
        panics(|| h.set_reg(3, Value::Nil)),
        CHECKS,
        "the caller's locals"
    );
    h.leave_frame(5);
    assert_eq!(h.floor(), 1);
    assert_eq!((int(h.reg(4)), int(h.reg(5))), (42, 43));
    if CHECKS {
        // Without checks (release builds) the refused writes above did happen.
        assert_eq!(
            int(h.reg(3)),
            3,
            "the refused write left the caller's local"
        );
    }
    assert!(h.reg(6).is_nil());
}

#[test]
fn a_tail_call_moves_the_next_callee_down_then_reenters() {
    let mut h = Heap::new();
    h.grow_stack(16);
    h.enter_frame(1);
    h.enter_frame(5);
    h.set_reg(7, Value::Int(70));
    h.set_reg(8, Value::Int(80));
    h.copy_regs(7, 4, 2);
    h.leave_frame(5);
    h.enter_frame(5);
    assert_eq!(h.floor(), 5);
    assert_eq!((int(h.reg(4)), int(h.reg(5))), (70, 80));
    h.leave_frame(5);
    h.leave_frame(1);
    assert_eq!(h.floor(), 0);
}

#[test]
fn upvalues_write_into_a_waiting_frame() {
    let mut h = Heap::new();
    h.grow_stack(16);
    h.enter_frame(1);
    h.set_reg(2, Value::Int(1));
    let u = h.new_upval(UpvalState::Open {
        thread: h.main_thread(),
        slot: 2,
    });
    h.enter_frame(6);
    assert_eq!(int(h.upval_get(u)), 1);
    h.upval_set(u, Value::Int(2));
    assert_eq!(int(h.reg(2)), 2, "open upvalues alias the register");
    h.leave_frame(6);
    h.upval_close(u);
    h.set_reg(2, Value::Int(3));
    assert_eq!(int(h.upval_get(u)), 2, "a closed upvalue has its own cell");
    h.upval_set(u, Value::Int(4));
    assert_eq!(int(h.reg(2)), 3);
    assert_eq!(int(h.upval_get(u)), 4);
}
