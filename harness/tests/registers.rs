//! The fused register operations of `HeapBackend` (`move_reg`, `reg_pair`, `apply_regs`,
//! `apply_reg`, `update_regs`) against the plain reads and writes they stand for, on every
//! backend. Two backends override them to pay for one borrow or guard instead of two or
//! three; the others take the trait's defaults. Either way the effect must be the same.

use luatb::value::Value;
use luatb::HeapBackend;

fn int<B: HeapBackend>(v: Value<B>) -> i64 {
    match v {
        Value::Int(i) => i,
        other => panic!("{}: expected an integer, got {other:?}", B::NAME),
    }
}

/// `x + y` on two integers, nil ("no fast result") otherwise, as the VM's closures are.
fn add<B: HeapBackend>(x: Value<B>, y: Value<B>) -> Value<B> {
    match (x, y) {
        (Value::Int(p), Value::Int(q)) => Value::Int(p + q),
        _ => Value::Nil,
    }
}

fn fused_operations_match_plain_accesses<B: HeapBackend>() {
    let mut h = B::new();
    h.grow_stack(64);
    for i in 0..16 {
        h.set_reg(i, Value::Int(10 * i as i64));
    }
    h.move_reg(3, 7);
    assert_eq!(int(h.reg(3)), 70, "{}", B::NAME);
    assert_eq!(int(h.reg(7)), 70, "{}: the source is unchanged", B::NAME);
    h.move_reg(5, 5);
    assert_eq!(int(h.reg(5)), 50, "{}", B::NAME);

    let [x, y] = h.reg_pair(9, 2);
    assert_eq!((int(x), int(y)), (90, 20), "{}", B::NAME);
    let [x, y] = h.reg_pair(4, 4);
    assert_eq!((int(x), int(y)), (40, 40), "{}", B::NAME);

    assert!(h.apply_regs(1, 2, 9, add), "{}", B::NAME);
    assert_eq!(int(h.reg(1)), 110, "{}", B::NAME);
    // The destination may be an operand.
    assert!(h.apply_regs(2, 2, 2, add), "{}", B::NAME);
    assert_eq!(int(h.reg(2)), 40, "{}", B::NAME);
    assert!(h.apply_reg(6, 6, |v| add(v, Value::Int(1))), "{}", B::NAME);
    assert_eq!(int(h.reg(6)), 61, "{}", B::NAME);

    // Nil from `f` stores nothing, and says so.
    h.set_reg(12, Value::Bool(true));
    assert!(!h.apply_regs(11, 12, 13, add), "{}", B::NAME);
    assert_eq!(int(h.reg(11)), 110, "{}: nothing stored", B::NAME);
    assert!(!h.apply_reg(13, 12, |v| add(v, v)), "{}", B::NAME);
    assert_eq!(int(h.reg(13)), 130, "{}: nothing stored", B::NAME);

    // An in-place update of a block, as FORLOOP makes: what `f` changes is stored,
    // the rest stays, and `f`'s answer comes back.
    let stepped = h.update_regs::<4, _>(4, |r| {
        let [x, y] = [int(r[0]), int(r[2])];
        (r[0], r[3]) = (Value::Int(x + y), Value::Int(-1));
        x + y
    });
    assert_eq!(stepped, 40 + 61, "{}", B::NAME);
    let got = h.regs::<5>(4).map(int);
    assert_eq!(got, [101, 50, 61, -1, 80], "{}", B::NAME);

    // The writes are seen by the plain reads and the other way round.
    h.set_reg(0, Value::Int(-5));
    assert!(h.apply_regs(14, 0, 1, add), "{}", B::NAME);
    assert_eq!(int(h.regs::<1>(14)[0]), 105, "{}", B::NAME);
    h.sync();
    assert_eq!(int(h.reg(14)), 105, "{}: after a commit", B::NAME);
}

macro_rules! backend_mod {
    ($name:ident, $heap:ty, $($test:ident),*) => {
        mod $name { $(#[test] fn $test() { super::$test::<$heap>() })* }
    };
}

macro_rules! on_every_backend {
    ($($test:ident),*) => {
        backend_mod!(refcell, luatb_refcell::Heap, $($test),*);
        backend_mod!(r#unsafe, luatb_unsafe::Heap, $($test),*);
        backend_mod!(guard, luatb_guard::Heap, $($test),*);
        backend_mod!(transaction, luatb_transaction::Heap, $($test),*);
    };
}

on_every_backend!(fused_operations_match_plain_accesses);
