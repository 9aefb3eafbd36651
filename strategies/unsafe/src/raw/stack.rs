//! The running thread's registers, in safe code: a vector of `Cell`s. Every slot access
//! goes through a shared reference, so a frame's [`Stack::view`] can stay alive while
//! other slots are read and written; the only operations that move the buffer (growth
//! and swapping in another thread's stack) take `&mut self`, which no view can outlive.

use super::out_of_range;
use std::cell::Cell;

pub(crate) struct Stack<T> {
    /// Every requested slot, then [`WINDOW`] spare ones (see [`Stack::window`]).
    slots: Vec<Cell<T>>,
}

/// Registers a frame can name: operands A, B and C are 8-bit fields.
pub(crate) const WINDOW: usize = 256;

impl<T: Copy + Default> Stack<T> {
    pub(crate) fn new() -> Self {
        Stack { slots: Vec::new() }
    }

    /// The requested slots, without the spare window: what absolute accesses may reach.
    #[inline(always)]
    fn live(&self) -> &[Cell<T>] {
        let n = self.len();
        &self.slots[..n]
    }

    #[inline(always)]
    pub(crate) fn get(&self, slot: usize) -> T {
        match self.live().get(slot) {
            Some(c) => c.get(),
            None => out_of_range("read", slot, 1, self.len()),
        }
    }

    #[inline(always)]
    pub(crate) fn set(&self, slot: usize, x: T) {
        match self.live().get(slot) {
            Some(c) => c.set(x),
            None => out_of_range("write", slot, 1, self.len()),
        }
    }

    #[inline(always)]
    fn range(&self, what: &str, from: usize, n: usize) -> &[Cell<T>] {
        match from
            .checked_add(n)
            .and_then(|end| self.live().get(from..end))
        {
            Some(s) => s,
            None => out_of_range(what, from, n, self.len()),
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

    /// The [`WINDOW`] slots from `base` on: a frame's registers. As an array, an index
    /// decoded from an 8-bit operand needs no bounds check. There are always that many,
    /// because every base is inside the requested size and [`Stack::grow`] keeps a
    /// window's worth of spare slots past it.
    #[inline(always)]
    pub(crate) fn window(&self, base: usize) -> &[Cell<T>; WINDOW] {
        match self
            .slots
            .get(base..)
            .and_then(|s| s.first_chunk::<WINDOW>())
        {
            Some(w) => w,
            None => out_of_range("view", base, WINDOW, self.slots.len()),
        }
    }

    /// The requested size; the spare slots past it are not counted.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.slots.len().saturating_sub(WINDOW)
    }

    pub(crate) fn capacity(&self) -> usize {
        self.slots.capacity()
    }

    /// Make the stack at least `size` slots, plus the spare window; the new ones are
    /// `T::default()`.
    pub(crate) fn grow(&mut self, size: usize) {
        if self.len() < size {
            self.slots.resize(size + WINDOW, Cell::new(T::default()));
        }
    }

    /// Exchange the running stack with a parked one.
    pub(crate) fn swap(&mut self, other: &mut Vec<Cell<T>>) {
        std::mem::swap(&mut self.slots, other)
    }
}
