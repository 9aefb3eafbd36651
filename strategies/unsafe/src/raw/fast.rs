//! The unchecked storage: `UnsafeCell`s with no borrow flag, and arena elements reached
//! without a bounds check once the handle's tag has matched. The soundness argument is in
//! the parent module; each block below names the part it relies on.

use super::{out_of_range, Inner, Ref};
use std::cell::UnsafeCell;

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
        self.inner(|a| f(a.get(r)))
    }

    /// Lend element `r` mutably to `f`, which must not use this arena.
    #[inline(always)]
    pub(crate) fn with_mut<R>(&self, r: Ref<T>, f: impl FnOnce(&mut T) -> R) -> R {
        self.inner_mut(|a| f(a.get_mut(r)))
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

/// The running thread's registers: a vector whose length bounds every slot access.
pub(crate) struct Stack<T> {
    buf: UnsafeCell<Vec<T>>,
}

impl<T: Copy + Default> Stack<T> {
    pub(crate) fn new() -> Self {
        Stack {
            buf: UnsafeCell::new(Vec::new()),
        }
    }

    /// Lend the vector to `f`, which must not use this stack.
    #[inline(always)]
    fn with_vec<R>(&self, f: impl FnOnce(&Vec<T>) -> R) -> R {
        // SAFETY: a `&mut` to the vector exists only inside `with_vec_mut`, whose callers
        // (methods of this type) do not call back into the stack, so none is live here.
        f(unsafe { &*self.buf.get() })
    }

    /// Lend the vector mutably to `f`, which must not use this stack.
    #[inline(always)]
    fn with_vec_mut<R>(&self, f: impl FnOnce(&mut Vec<T>) -> R) -> R {
        // SAFETY: every closure given here is a method of this type working on the vector
        // alone, so no other reference to the vector or its buffer is live meanwhile.
        f(unsafe { &mut *self.buf.get() })
    }

    #[inline(always)]
    pub(crate) fn get(&self, slot: usize) -> T {
        self.with_vec(|v| match v.get(slot) {
            Some(x) => *x,
            None => out_of_range("read", slot, 1, v.len()),
        })
    }

    #[inline(always)]
    pub(crate) fn set(&self, slot: usize, x: T) {
        self.with_vec_mut(|v| {
            let len = v.len();
            match v.get_mut(slot) {
                Some(s) => *s = x,
                None => out_of_range("write", slot, 1, len),
            }
        })
    }

    /// `N` slots from `slot` on, with one range check.
    #[inline(always)]
    pub(crate) fn get_n<const N: usize>(&self, slot: usize) -> [T; N] {
        self.with_vec(
            |v| match slot.checked_add(N).and_then(|end| v.get(slot..end)) {
                Some(s) => {
                    let mut out = [T::default(); N];
                    out.copy_from_slice(s);
                    out
                }
                None => out_of_range("read", slot, N, v.len()),
            },
        )
    }

    #[inline(always)]
    pub(crate) fn set_n<const N: usize>(&self, slot: usize, xs: [T; N]) {
        self.with_vec_mut(|v| {
            let len = v.len();
            match slot.checked_add(N).and_then(|end| v.get_mut(slot..end)) {
                Some(s) => s.copy_from_slice(&xs),
                None => out_of_range("write", slot, N, len),
            }
        })
    }

    #[inline]
    pub(crate) fn copy(&self, src: usize, dst: usize, n: usize) {
        self.with_vec_mut(|v| {
            let len = v.len();
            match src.max(dst).checked_add(n) {
                // One value (a single result) is the common case: no `memmove` call.
                Some(end) if end <= len && n == 1 => v[dst] = v[src],
                Some(end) if end <= len => v.copy_within(src..src + n, dst),
                _ => out_of_range("copy", src.max(dst), n, len),
            }
        })
    }

    #[inline]
    pub(crate) fn fill(&self, from: usize, n: usize, x: T) {
        self.with_vec_mut(|v| {
            let len = v.len();
            match from.checked_add(n).and_then(|end| v.get_mut(from..end)) {
                Some(s) => s.fill(x),
                None => out_of_range("clear", from, n, len),
            }
        })
    }

    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.with_vec(|v| v.len())
    }

    pub(crate) fn capacity(&self) -> usize {
        self.with_vec(|v| v.capacity())
    }

    /// Make the stack at least `size` slots; the new ones are `T::default()`.
    pub(crate) fn grow(&self, size: usize) {
        self.with_vec_mut(|v| {
            if v.len() < size {
                v.resize(size, T::default());
            }
        })
    }

    /// Exchange the running stack with a parked one.
    pub(crate) fn swap(&self, other: &mut Vec<T>) {
        self.with_vec_mut(|v| std::mem::swap(v, other))
    }
}
