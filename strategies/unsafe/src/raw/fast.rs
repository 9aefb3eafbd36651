//! The unchecked storage: `UnsafeCell`s with no borrow flag, and arena elements reached
//! without a bounds check once the handle's tag has matched. The soundness argument is in
//! the parent module; each block below names the part it relies on.

use super::{Inner, Ref};
use crate::V;
use std::cell::{Cell, UnsafeCell};
use std::mem::{align_of, size_of, MaybeUninit};

/// Objects of one kind, addressed by [`Ref`]; freed slots are reused.
pub(crate) struct Arena<T> {
    inner: UnsafeCell<Inner<T>>,
}

impl<T> Arena<T> {
    pub(crate) fn new() -> Self {
        Arena {
            inner: UnsafeCell::new(Inner::new()),
        }
    }

    /// Lend the arena's state to `f`, which must not use this arena.
    #[inline(always)]
    fn inner<R>(&self, f: impl FnOnce(&Inner<T>) -> R) -> R {
        // SAFETY: a `&mut Inner` exists only inside `inner_mut`, and no closure given to
        // either runs code that uses this arena (the rule in `raw`), so none is live here.
        f(unsafe { &*self.inner.get() })
    }

    #[inline(always)]
    fn inner_mut<R>(&self, f: impl FnOnce(&mut Inner<T>) -> R) -> R {
        // SAFETY: as in `inner`: no other reference into the arena is live while `f` runs,
        // and `f` cannot make one.
        f(unsafe { &mut *self.inner.get() })
    }

    /// Store `v`, returning its handle.
    pub(crate) fn push(&self, v: T) -> Ref<T> {
        self.inner_mut(|a| a.insert(v))
    }

    /// Lend element `r` to `f`, which must not use this arena.
    #[inline(always)]
    pub(crate) fn with<R>(&self, r: Ref<T>, f: impl FnOnce(&T) -> R) -> R {
        // SAFETY: as in `inner` (written out, not through it: a closure inside this
        // generic function was left out of line in the dispatch loop, a call per access).
        let a = unsafe { &*self.inner.get() };
        f(a.get(r))
    }

    /// Lend element `r` mutably to `f`, which must not use this arena.
    #[inline(always)]
    pub(crate) fn with_mut<R>(&self, r: Ref<T>, f: impl FnOnce(&mut T) -> R) -> R {
        // SAFETY: as in `inner_mut`; written out for the reason given in `with`.
        let a = unsafe { &mut *self.inner.get() };
        f(a.get_mut(r))
    }

    pub(crate) fn mark(&self, r: Ref<T>) -> bool {
        self.inner_mut(|a| a.mark(r))
    }

    pub(crate) fn is_marked(&self, r: Ref<T>) -> bool {
        self.inner(|a| a.is_marked(r))
    }

    /// Free the unmarked objects, handing them back to be dropped outside the arena.
    pub(crate) fn sweep(&self) -> Vec<T> {
        self.inner_mut(|a| a.sweep())
    }

    /// Free the unmarked objects where they are (no list of the dead, which would double
    /// the peak footprint of a collection), returning the bytes `size` counts for them.
    /// For object kinds whose `Drop` runs no foreign code (tables, closures, upvalues).
    pub(crate) fn sweep_in_place(&self, size: impl Fn(&T) -> usize) -> usize {
        self.inner_mut(|a| a.sweep_in_place(size))
    }

    /// Lend every live object (handle, mark, object) to `f`, which must not use this arena.
    pub(crate) fn for_each(&self, f: impl FnMut(Ref<T>, bool, &T)) {
        self.inner(|a| a.for_each(f))
    }
}

/// One value with exclusive, non-nested access.
pub(crate) struct Solo<T>(UnsafeCell<T>);

impl<T> Solo<T> {
    pub(crate) fn new(v: T) -> Self {
        Solo(UnsafeCell::new(v))
    }

    /// Lend the value mutably to `f`, which must not use this cell.
    #[inline(always)]
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        // SAFETY: accesses are never nested (the rule in `raw`), so this is the only reference.
        f(unsafe { &mut *self.0.get() })
    }
}

/// Two 8-byte halves: how a register is read (`luatb::value::Value`'s layout).
type Halves = [MaybeUninit<u64>; 2];
const _: () = assert!(size_of::<V>() == size_of::<Halves>() && align_of::<V>() == 8);

/// Reads a register as its tag half and its payload half, with two 8-byte loads. A copy of
/// the whole cell compiles to one 16-byte load, which the CPU cannot serve from the two
/// narrower stores that wrote the register one instruction earlier, and waits for them to
/// reach the cache instead (a quarter of the sieve benchmark's time).
#[inline(always)]
pub(crate) fn read_halves(cell: &Cell<V>) -> V {
    let p = cell.as_ptr().cast::<MaybeUninit<u64>>();
    // SAFETY: a `Value` is 16 bytes and 8-aligned (asserted above), so the cell is two
    // aligned `MaybeUninit<u64>`s, and reading them as `MaybeUninit` is sound for padding
    // bytes too. `cell` is a live shared reference and nothing writes the cell meanwhile
    // (a `Cell` is `!Sync`, and no `&mut` to it exists), so the halves are the bytes of
    // one valid value; the transmute reassembles exactly those bytes, which is that value.
    // This holds for any layout. `repr(C, u64)` only makes each half one store's worth,
    // which is the point. Volatile, so that the compiler does not fuse the two loads back
    // into the 16-byte one this function avoids.
    unsafe {
        let halves: Halves = [p.read_volatile(), p.add(1).read_volatile()];
        std::mem::transmute::<Halves, V>(halves)
    }
}
