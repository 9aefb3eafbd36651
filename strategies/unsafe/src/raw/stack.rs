//! The running thread's registers, in safe code: a vector of `Cell`s. Every slot access
//! goes through a shared reference, so a frame's [`Stack::view`] can stay alive while
//! other slots are read and written; the only operations that move the buffer (growth
//! and swapping in another thread's stack) take `&mut self`, which no view can outlive.

use super::out_of_range;
use std::cell::Cell;

pub(crate) struct Stack<T> {
    slots: Vec<Cell<T>>,
}

impl<T: Copy + Default> Stack<T> {
    pub(crate) fn new() -> Self {
        Stack { slots: Vec::new() }
    }

    #[inline(always)]
    pub(crate) fn get(&self, slot: usize) -> T {
        match self.slots.get(slot) {
            Some(c) => c.get(),
            None => out_of_range("read", slot, 1, self.slots.len()),
        }
    }

    #[inline(always)]
    pub(crate) fn set(&self, slot: usize, x: T) {
        match self.slots.get(slot) {
            Some(c) => c.set(x),
            None => out_of_range("write", slot, 1, self.slots.len()),
        }
    }

    #[inline(always)]
    fn range(&self, what: &str, from: usize, n: usize) -> &[Cell<T>] {
        match from
            .checked_add(n)
            .and_then(|end| self.slots.get(from..end))
        {
            Some(s) => s,
            None => out_of_range(what, from, n, self.slots.len()),
        }
    }

    /// `N` slots from `slot` on, with one range check.
    #[inline(always)]
    pub(crate) fn get_n<const N: usize>(&self, slot: usize) -> [T; N] {
        let s = self.range("read", slot, N);
        let mut out = [T::default(); N];
        for (o, c) in out.iter_mut().zip(s) {
            *o = c.get();
        }
        out
    }

    #[inline(always)]
    pub(crate) fn set_n<const N: usize>(&self, slot: usize, xs: [T; N]) {
        for (c, x) in self.range("write", slot, N).iter().zip(xs) {
            c.set(x);
        }
    }

    #[inline]
    pub(crate) fn copy(&self, src: usize, dst: usize, n: usize) {
        let (from, to) = (self.range("copy", src, n), self.range("copy", dst, n));
        // Overlapping ranges: copy in the direction that reads each slot before it is
        // overwritten.
        if dst <= src {
            for (t, f) in to.iter().zip(from) {
                t.set(f.get());
            }
        } else {
            for (t, f) in to.iter().zip(from).rev() {
                t.set(f.get());
            }
        }
    }

    #[inline]
    pub(crate) fn fill(&self, from: usize, n: usize, x: T) {
        for c in self.range("clear", from, n) {
            c.set(x);
        }
    }

    /// The slots from `base` to the end: a frame's registers.
    #[inline(always)]
    pub(crate) fn view(&self, base: usize) -> &[Cell<T>] {
        match self.slots.get(base..) {
            Some(s) => s,
            None => out_of_range("view", base, 0, self.slots.len()),
        }
    }

    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    pub(crate) fn capacity(&self) -> usize {
        self.slots.capacity()
    }

    /// Make the stack at least `size` slots; the new ones are `T::default()`.
    pub(crate) fn grow(&mut self, size: usize) {
        if self.slots.len() < size {
            self.slots.resize(size, Cell::new(T::default()));
        }
    }

    /// Exchange the running stack with a parked one.
    pub(crate) fn swap(&mut self, other: &mut Vec<Cell<T>>) {
        std::mem::swap(&mut self.slots, other)
    }
}
