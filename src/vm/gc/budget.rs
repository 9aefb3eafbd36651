//! The allocation budget a heap consults: the memory limit that table growth must
//! respect, and allocation failures injected by tests.
//!
//! A backend owns one [`Budget`] and hands it out through [`HeapBackend::budget`]. It
//! calls [`Budget::alloc`] for every object it creates and [`Budget::grow`] before a table
//! takes more memory. Creating an object cannot fail (the trait returns bare handles), so
//! a failure injected there is only recorded, and the VM raises it at its next collector
//! checkpoint, where every value is stored; a table store can fail on the spot, leaving
//! the table as it was.
//!
//! [`HeapBackend::budget`]: crate::heap::HeapBackend::budget

use crate::error::HeapError;
use crate::heap::HeapBackend;
use crate::table::Grow;
use std::cell::Cell;

/// Which allocations fail (test-only: see [`crate::Lua::set_alloc_failure`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocFailure {
    /// Allocations number `n`, `2n`, `3n`, ... fail (`n` at least 1).
    EveryNth(u64),
    /// The first `n` allocations succeed and every later one fails.
    After(u64),
}

/// Why the last allocation was refused, if that has not been reported yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// An injected failure.
    Injected,
    /// A table growth that would have taken the heap past the limit.
    Limit,
}

pub struct Budget {
    /// Allocations until the next injected failure. Counting down from `u64::MAX` when
    /// nothing is armed keeps [`Budget::alloc`] to one decrement and one compare.
    countdown: Cell<u64>,
    mode: Cell<Option<AllocFailure>>,
    /// Heap bytes a table may not grow past (`usize::MAX`: no limit).
    limit: Cell<usize>,
    refused: Cell<Option<Refusal>>,
    injected: Cell<u64>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            countdown: Cell::new(u64::MAX),
            mode: Cell::new(None),
            limit: Cell::new(usize::MAX),
            refused: Cell::new(None),
            injected: Cell::new(0),
        }
    }
}

impl Budget {
    /// One object was created.
    #[inline(always)]
    pub fn alloc(&self) {
        let left = self.countdown.get().wrapping_sub(1);
        self.countdown.set(left);
        if left == 0 {
            self.inject();
        }
    }

    /// A table is about to take `extra` more bytes, the heap holding `heap_bytes()` now.
    /// On an error the table must be left as it was.
    #[inline]
    pub fn grow(&self, extra: usize, heap_bytes: impl FnOnce() -> usize) -> Result<(), HeapError> {
        let left = self.countdown.get().wrapping_sub(1);
        self.countdown.set(left);
        if left == 0 && self.inject() {
            return Err(HeapError::OutOfMemory);
        }
        let limit = self.limit.get();
        if limit != usize::MAX && heap_bytes().saturating_add(extra) > limit {
            self.refused.set(Some(Refusal::Limit));
            return Err(HeapError::OutOfMemory);
        }
        Ok(())
    }

    /// Record an injected failure and count down to the next one. False when nothing is
    /// armed (the idle countdown ran out).
    #[cold]
    #[inline(never)]
    fn inject(&self) -> bool {
        let next = match self.mode.get() {
            None => {
                self.countdown.set(u64::MAX);
                return false;
            }
            Some(AllocFailure::EveryNth(n)) => n.max(1),
            Some(AllocFailure::After(_)) => 1,
        };
        self.countdown.set(next);
        self.injected.set(self.injected.get() + 1);
        self.refused.set(Some(Refusal::Injected));
        true
    }

    /// Whether the heap is armed at all: a limit or injected failures. A backend that
    /// pays for its growth check on every store (the transaction backend) asks first.
    #[inline(always)]
    pub fn armed(&self) -> bool {
        self.limit.get() != usize::MAX || self.mode.get().is_some()
    }

    /// A refusal not reported yet.
    #[inline(always)]
    pub fn refused(&self) -> Option<Refusal> {
        self.refused.get()
    }

    /// Take the refusal: the VM is raising it now.
    pub fn take_refusal(&self) -> Option<Refusal> {
        self.refused.take()
    }

    pub fn set_limit(&self, bytes: Option<usize>) {
        self.limit.set(bytes.unwrap_or(usize::MAX));
    }

    pub fn limit(&self) -> Option<usize> {
        Some(self.limit.get()).filter(|&l| l != usize::MAX)
    }

    /// Arm (or disarm) injected failures, counting allocations from now. Disarming also
    /// forgets an injected failure not raised yet.
    pub fn set_failure(&self, f: Option<AllocFailure>) {
        self.mode.set(f);
        self.countdown.set(match f {
            None => u64::MAX,
            Some(AllocFailure::EveryNth(n)) => n.max(1),
            Some(AllocFailure::After(n)) => n.saturating_add(1),
        });
        if f.is_none() && self.refused.get() == Some(Refusal::Injected) {
            self.refused.set(None);
        }
    }

    /// Failures injected so far.
    pub fn injected(&self) -> u64 {
        self.injected.get()
    }

    /// Allocations (objects and table growths) since injection was last disarmed; only
    /// meaningful while it is disarmed, when the countdown is a free counter.
    pub fn allocations(&self) -> u64 {
        match self.mode.get() {
            None => u64::MAX - self.countdown.get(),
            Some(_) => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nth_fails_on_multiples_and_after_fails_for_good() {
        let b = Budget::default();
        b.set_failure(Some(AllocFailure::EveryNth(3)));
        let mut failed = Vec::new();
        for i in 1..=9 {
            b.alloc();
            if b.take_refusal().is_some() {
                failed.push(i);
            }
        }
        assert_eq!(failed, [3, 6, 9]);
        b.set_failure(Some(AllocFailure::After(2)));
        assert!(b.grow(8, || 0).is_ok());
        b.alloc();
        assert_eq!(b.refused(), None);
        assert_eq!(b.grow(8, || 0), Err(HeapError::OutOfMemory));
        assert_eq!(b.take_refusal(), Some(Refusal::Injected));
        assert_eq!(b.grow(8, || 0), Err(HeapError::OutOfMemory));
        b.set_failure(None);
        assert_eq!(b.refused(), None);
        assert!(b.grow(8, || 0).is_ok());
        b.alloc();
        assert_eq!(b.allocations(), 2);
        assert_eq!(b.injected(), 5);
    }

    #[test]
    fn the_limit_refuses_growth_past_it_only() {
        let b = Budget::default();
        b.set_limit(Some(100));
        assert!(b.grow(40, || 60).is_ok());
        assert_eq!(b.grow(41, || 60), Err(HeapError::OutOfMemory));
        assert_eq!(b.take_refusal(), Some(Refusal::Limit));
        b.set_limit(None);
        assert!(b.grow(1 << 40, || usize::MAX).is_ok());
    }
}

/// Growth of one of `heap`'s tables, decided by its budget. Only for a backend whose
/// `heap_bytes` never touches the table arena that the store runs inside.
pub struct HeapRoom<'a, B>(pub &'a B);

impl<B: HeapBackend> Grow for HeapRoom<'_, B> {
    #[inline]
    fn grow(&mut self, extra: usize) -> Result<(), HeapError> {
        let heap = self.0;
        match heap.budget() {
            Some(b) => b.grow(extra, || heap.heap_bytes()),
            None => Ok(()),
        }
    }
}
