//! Storage for the heap: object arenas, a single-owner cell and the running register file.
//! Every `unsafe` block of the crate is in `fast`; the `checked` feature swaps it for
//! `checked`, the same API over `RefCell`s and bounds-checked indexing.
//!
//! # Why the unchecked accesses are sound
//!
//! - **Handles are checked, never trusted.** A [`Ref`] can only be made by an arena (its
//!   fields are private to this module). It carries its slot index and a stamp; the slot
//!   holds the stamp of the object in it, 0 once that object is freed. Every access
//!   bounds-checks the index and compares the stamps, so a handle from another arena or
//!   heap, or one kept past its object's collection (a stale handle), panics instead of
//!   reaching memory it does not own. The checks are safe code (`Inner::get`); the only
//!   unsafe step is reaching `Inner` through the `UnsafeCell`. Stamps come from one
//!   counter per arena with a spread-out start, so a foreign or stale handle could only
//!   pass after 2^32 allocations: even then it names a live object of the right type, a
//!   logic error but not undefined behaviour.
//! - **Accesses are short and never nested on one container.** `with`/`with_mut`
//!   (and `Solo::with_mut`, `Stack`'s methods) lend one element to a closure, and nothing
//!   borrowed escapes the call. So that no `&mut` into a container ever coexists with
//!   another reference into it, and no push moves a buffer while an element of it is
//!   lent, the crate keeps one rule, which these `pub(crate)` methods rely on and code
//!   outside the crate cannot reach: *a closure given to a container never uses that
//!   container, and never drops a value whose `Drop` could run foreign code*. The
//!   closures in `lib.rs` are all of one kind: a method of the object itself (a `Table`
//!   lookup or store, a field copy or assignment) on plain values. A store that grows a
//!   table also asks the budget (`Room`), which reads only `Cell` counters and the
//!   register `Stack`'s capacity, never the table arena.
//! - **The trait contract makes the rule keepable.** No `HeapBackend` method calls back
//!   into the VM or runs Lua, so no heap method is re-entered while it is inside one of
//!   these closures. The only foreign code the heap runs, the closures given to
//!   `with_str`, `with_userdata` and `with_thread_state`, never runs inside an access:
//!   those methods copy an `Rc` out of the arena first and lend from the copy, so such a
//!   closure may even call back into the heap (growing the very arena) without harm, and
//!   a nested `with_userdata` on the same object meets that object's `RefCell`.
//! - **The `checked` build enforces the rule**: its `RefCell`s panic on any nested
//!   mutable access, and the whole suite passes under it.
//! - **Registers need no unsafe code at all** ([`stack`]): the register file is a vector of
//!   `Cell`s, read and written through shared references, and the two operations that
//!   move its buffer (growth, a thread switch) take `&mut` of the heap. A frame's view of
//!   its registers borrows the heap, so the borrow checker proves that no view outlives a
//!   move; an index past the end panics. The one `unsafe` step on registers is
//!   `read_halves`, which copies a cell's 16 bytes as two 8-byte loads instead of one
//!   (for speed: see its comment); it reads a cell that a shared reference proves live.

#[cfg(not(feature = "checked"))]
#[allow(unsafe_code)]
mod fast;
#[cfg(not(feature = "checked"))]
pub(crate) use fast::{read_halves, Arena, Solo};

#[cfg(feature = "checked")]
mod checked;
#[cfg(feature = "checked")]
pub(crate) use checked::{read_halves, Arena, Solo};

mod stack;
pub(crate) use stack::{Stack, WINDOW};

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};

/// A handle to a `T` in one `Arena`: 8 bytes, so a `Value` stays 16.
pub struct Ref<T> {
    idx: u32,
    /// Never zero, so `Option<Ref<T>>` is 8 bytes too.
    tag: NonZeroU32,
    _kind: PhantomData<fn() -> T>,
}

impl<T> Ref<T> {
    /// Position in its arena, in creation order.
    #[inline(always)]
    pub fn index(self) -> usize {
        self.idx as usize
    }
}

impl<T> Clone for Ref<T> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Ref<T> {}

impl<T> PartialEq for Ref<T> {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        self.idx == other.idx && self.tag == other.tag
    }
}
impl<T> Eq for Ref<T> {}

impl<T> Hash for Ref<T> {
    /// The index alone: handles that meet in one table come from one arena, and a
    /// single word is one round of the table's mixing hasher.
    #[inline(always)]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u32(self.idx);
    }
}

impl<T> fmt::Debug for Ref<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}@{}", self.idx, self.tag)
    }
}

/// The objects of one arena and what it needs to reuse their slots.
pub(crate) struct Inner<T> {
    items: Vec<Slot<T>>,
    free: Vec<u32>,
    /// The stamp the next object gets.
    next: u32,
}

/// An arena slot. `stamp` is the stamp of the handle issued for the object in it, or 0
/// when the slot is free; a handle is good when its stamp matches.
struct Slot<T> {
    stamp: u32,
    marked: bool,
    val: Option<T>,
}

impl<T> Inner<T> {
    fn new() -> Self {
        // Spread the arenas' stamp sequences apart, so that a handle from another arena
        // (or another heap) almost never matches by accident.
        let seed = fresh_tag().get().wrapping_mul(0x9E37_79B9) | 1;
        Inner {
            items: Vec::new(),
            free: Vec::new(),
            next: seed,
        }
    }

    fn insert(&mut self, v: T) -> Ref<T> {
        let stamp = self.next;
        self.next = match stamp.wrapping_add(1) {
            0 => 1,
            n => n,
        };
        let slot = Slot {
            stamp,
            marked: false,
            val: Some(v),
        };
        let idx = match self.free.pop() {
            Some(i) => {
                self.items[i as usize] = slot;
                i
            }
            None => {
                self.items.push(slot);
                u32::try_from(self.items.len() - 1).expect("arena index overflow")
            }
        };
        Ref {
            idx,
            tag: NonZeroU32::new(stamp).expect("stamps are never 0"),
            _kind: PhantomData,
        }
    }

    /// The object `r` names. A handle that is out of range, from elsewhere or stale
    /// (its object freed) panics: one bounds check and one stamp compare.
    #[inline(always)]
    fn get(&self, r: Ref<T>) -> &T {
        match self.items.get(r.idx as usize) {
            Some(Slot {
                stamp,
                val: Some(v),
                ..
            }) if *stamp == r.tag.get() => v,
            _ => foreign(r),
        }
    }

    #[inline(always)]
    fn get_mut(&mut self, r: Ref<T>) -> &mut T {
        match self.items.get_mut(r.idx as usize) {
            Some(Slot {
                stamp,
                val: Some(v),
                ..
            }) if *stamp == r.tag.get() => v,
            _ => foreign(r),
        }
    }

    fn mark(&mut self, r: Ref<T>) -> bool {
        self.get(r);
        !std::mem::replace(&mut self.items[r.idx as usize].marked, true)
    }

    fn is_marked(&self, r: Ref<T>) -> bool {
        self.get(r);
        self.items[r.idx as usize].marked
    }

    /// Take out every unmarked object (the caller drops them outside the arena) and
    /// clear the marks.
    fn sweep(&mut self) -> Vec<T> {
        let mut freed = Vec::new();
        for (i, s) in self.items.iter_mut().enumerate() {
            if s.marked {
                s.marked = false;
            } else if let Some(v) = s.val.take() {
                s.stamp = 0;
                freed.push(v);
                self.free.push(i as u32);
            }
        }
        freed
    }

    /// Free every unmarked object in place, summing `size` over them; clear the marks.
    /// Only for kinds whose `Drop` runs no foreign code (it runs inside the access).
    fn sweep_in_place(&mut self, size: impl Fn(&T) -> usize) -> usize {
        let mut freed = 0;
        for (i, s) in self.items.iter_mut().enumerate() {
            if s.marked {
                s.marked = false;
            } else if let Some(v) = s.val.take() {
                freed += size(&v);
                s.stamp = 0;
                self.free.push(i as u32);
            }
        }
        freed
    }

    fn for_each(&self, mut f: impl FnMut(Ref<T>, bool, &T)) {
        for (i, s) in self.items.iter().enumerate() {
            if let (Some(v), Some(tag)) = (&s.val, NonZeroU32::new(s.stamp)) {
                let r = Ref {
                    idx: i as u32,
                    tag,
                    _kind: PhantomData,
                };
                f(r, s.marked, v);
            }
        }
    }
}

/// A tag no other arena of this process has had or will have.
fn fresh_tag() -> NonZeroU32 {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let t = NEXT
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| t.checked_add(1))
        .expect("arena tags exhausted");
    NonZeroU32::new(t).expect("tags start at 1")
}

#[cold]
#[inline(never)]
#[track_caller]
fn foreign<T>(r: Ref<T>) -> ! {
    panic!("handle {r:?} is not live here: it belongs to another heap, or its object was freed")
}

#[cold]
#[inline(never)]
fn out_of_range(what: &str, at: usize, n: usize, len: usize) -> ! {
    panic!("register {what} {at}..{at}+{n} out of range: the stack has {len} slots")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_fresh_and_handles_small() {
        let (a, b) = (Arena::<u8>::new(), Arena::<u8>::new());
        let (ra, rb) = (a.push(1), b.push(2));
        assert_eq!((ra.index(), rb.index()), (0, 0));
        assert_ne!(ra, rb, "same index, different arenas");
        assert_eq!(std::mem::size_of::<Ref<u8>>(), 8);
        assert_eq!(std::mem::size_of::<Option<Ref<u8>>>(), 8);
        assert_eq!(a.with(ra, |x| *x) + b.with(rb, |x| *x), 3);
        let foreign = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| a.with(rb, |x| *x)));
        assert!(foreign.is_err());
    }
}
