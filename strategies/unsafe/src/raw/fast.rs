//! The unchecked storage: `UnsafeCell`s with no borrow flag, and arena elements reached
//! without a bounds check once the handle's tag has matched. The soundness argument is in
//! the parent module; each block below names the part it relies on.

use super::{check, fresh_tag, issue, out_of_range, Ref};
use std::cell::UnsafeCell;

/// Objects of one kind, addressed by [`Ref`]. Never shrinks.
pub(crate) struct Arena<T> {
    items: UnsafeCell<Vec<T>>,
    tag: std::num::NonZeroU32,
}

impl<T> Arena<T> {
    pub(crate) fn new() -> Self {
        Arena {
            items: UnsafeCell::new(Vec::new()),
            tag: fresh_tag(),
        }
    }

    /// Store `v`, returning its handle.
    pub(crate) fn push(&self, v: T) -> Ref<T> {
        // SAFETY: no reference into `items` is live: accesses are never nested on one
        // arena (the rule in `raw`), and `push` runs no foreign code while it holds this one.
        let items = unsafe { &mut *self.items.get() };
        let r = issue(items.len(), self.tag);
        items.push(v);
        r
    }

    /// Lend element `r` to `f`, which must not use this arena.
    #[inline(always)]
    pub(crate) fn with<R>(&self, r: Ref<T>, f: impl FnOnce(&T) -> R) -> R {
        check(r, self.tag);
        // SAFETY: the tag matched, so `r` came from `push` on this arena and its index is
        // below the length, which never decreases. No `&mut` into `items` is live (module
        // rule), and `f` cannot make one, so a shared reference is valid while `f` runs.
        let item = unsafe { (&*self.items.get()).get_unchecked(r.idx as usize) };
        f(item)
    }

    /// Lend element `r` mutably to `f`, which must not use this arena.
    #[inline(always)]
    pub(crate) fn with_mut<R>(&self, r: Ref<T>, f: impl FnOnce(&mut T) -> R) -> R {
        check(r, self.tag);
        // SAFETY: in range as in `with`; no other reference into `items` is live and `f`
        // cannot make one, so this is the only reference to the element while `f` runs.
        let item = unsafe { (&mut *self.items.get()).get_unchecked_mut(r.idx as usize) };
        f(item)
    }

    /// Lend every element to `f`, which must not use this arena.
    pub(crate) fn with_all<R>(&self, f: impl FnOnce(&[T]) -> R) -> R {
        // SAFETY: no `&mut` into `items` is live (the rule in `raw`) and `f` cannot make one.
        f(unsafe { &*self.items.get() })
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
