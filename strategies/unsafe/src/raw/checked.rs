//! The checked storage (feature `checked`): the API of `fast` over `RefCell`s and
//! bounds-checked indexing, with no `unsafe`. A nested access that the unchecked build
//! would turn into aliased references panics here instead.

use super::{Inner, Ref};
use std::cell::RefCell;

pub(crate) struct Arena<T> {
    inner: RefCell<Inner<T>>,
}

impl<T> Arena<T> {
    pub(crate) fn new() -> Self {
        Arena {
            inner: RefCell::new(Inner::new()),
        }
    }

    pub(crate) fn push(&self, v: T) -> Ref<T> {
        self.inner.borrow_mut().insert(v)
    }

    #[inline(always)]
    pub(crate) fn with<R>(&self, r: Ref<T>, f: impl FnOnce(&T) -> R) -> R {
        f(self.inner.borrow().get(r))
    }

    #[inline(always)]
    pub(crate) fn with_mut<R>(&self, r: Ref<T>, f: impl FnOnce(&mut T) -> R) -> R {
        f(self.inner.borrow_mut().get_mut(r))
    }

    pub(crate) fn mark(&self, r: Ref<T>) -> bool {
        self.inner.borrow_mut().mark(r)
    }

    pub(crate) fn is_marked(&self, r: Ref<T>) -> bool {
        self.inner.borrow().is_marked(r)
    }

    pub(crate) fn sweep(&self) -> Vec<T> {
        self.inner.borrow_mut().sweep()
    }

    pub(crate) fn sweep_in_place(&self, size: impl Fn(&T) -> usize) -> usize {
        self.inner.borrow_mut().sweep_in_place(size)
    }

    pub(crate) fn for_each(&self, f: impl FnMut(Ref<T>, bool, &T)) {
        self.inner.borrow().for_each(f)
    }
}

pub(crate) struct Solo<T>(RefCell<T>);

impl<T> Solo<T> {
    pub(crate) fn new(v: T) -> Self {
        Solo(RefCell::new(v))
    }

    #[inline(always)]
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.0.borrow_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    /// What the unchecked build must never do, this build reports.
    #[test]
    fn nested_mutable_access_panics() {
        let a = Arena::new();
        let (r, s) = (a.push(1), a.push(2));
        assert_eq!(
            a.with(r, |x| a.with(s, |y| x + y)),
            3,
            "shared nesting is fine"
        );
        let write_while_lent = catch_unwind(AssertUnwindSafe(|| {
            a.with(r, |_| a.with_mut(s, |y| *y = 0))
        }));
        assert!(write_while_lent.is_err());
        let push_while_lent = catch_unwind(AssertUnwindSafe(|| a.with(r, |_| a.push(3))));
        assert!(push_while_lent.is_err());
        assert_eq!(a.with(s, |y| *y), 2);
        let solo = Solo::new(0);
        let nested = catch_unwind(AssertUnwindSafe(|| {
            solo.with_mut(|_| solo.with_mut(|_| ()))
        }));
        assert!(nested.is_err());
    }
}

/// A register read; the unchecked build splits it into halves (see `fast`).
#[inline(always)]
pub(crate) fn read_halves(cell: &std::cell::Cell<crate::V>) -> crate::V {
    cell.get()
}
