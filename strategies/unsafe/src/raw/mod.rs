//! Storage for the heap: object arenas, a single-owner cell and the running register file.
//! Every `unsafe` block of the crate is in `fast`; the `checked` feature swaps it for
//! `checked`, the same API over `RefCell`s and bounds-checked indexing.
//!
//! # Why the unchecked accesses are sound
//!
//! - **Handles are proofs of range.** A [`Ref`] can only be made by `Arena::push` (its
//!   fields are private to this module). It carries the index the object was pushed at
//!   and the pushing arena's tag, drawn once from a process-wide counter that never
//!   repeats. An arena never shrinks, so a handle whose tag is the arena's own indexes a
//!   live element: one compare replaces the bounds check, and a handle from any other
//!   arena (another heap, a heap already dropped) fails that compare and panics.
//! - **Accesses are short and never nested on one container.** `with`/`with_mut`
//!   (and `Solo::with_mut`, `Stack`'s methods) lend one element to a closure, and nothing
//!   borrowed escapes the call. So that no `&mut` into a container ever coexists with
//!   another reference into it, and no push moves a buffer while an element of it is
//!   lent, the crate keeps one rule, which these `pub(crate)` methods rely on and code
//!   outside the crate cannot reach: *a closure given to a container never uses that
//!   container, and never drops a value whose `Drop` could run foreign code*. The
//!   closures in `lib.rs` are all of one kind: a method of the object itself (a `Table`
//!   lookup or store, a field copy or assignment) on plain values.
//! - **The trait contract makes the rule keepable.** No `HeapBackend` method calls back
//!   into the VM or runs Lua, so no heap method is re-entered while it is inside one of
//!   these closures. The only foreign code the heap runs, the closures given to
//!   `with_str`, `with_userdata` and `with_thread_state`, never runs inside an access:
//!   those methods copy an `Rc` out of the arena first and lend from the copy, so such a
//!   closure may even call back into the heap (growing the very arena) without harm, and
//!   a nested `with_userdata` on the same object meets that object's `RefCell`.
//! - **The `checked` build enforces the rule**: its `RefCell`s panic on any nested
//!   mutable access, and the whole suite passes under it.
//! - **Registers are bounds-checked against the live length** with one compare (an
//!   out-of-range slot panics). No pointer into the stack buffer is kept between calls,
//!   so growth or a thread switch, which move or replace the buffer, leave none dangling.

#[cfg(not(feature = "checked"))]
#[allow(unsafe_code)]
mod fast;
#[cfg(not(feature = "checked"))]
pub(crate) use fast::{Arena, Solo, Stack};

#[cfg(feature = "checked")]
mod checked;
#[cfg(feature = "checked")]
pub(crate) use checked::{Arena, Solo, Stack};

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
fn foreign<T>(r: Ref<T>, tag: NonZeroU32) -> ! {
    panic!(
        "handle {r:?} used with arena {tag}: it belongs to another heap (or another arena of \
         this one)"
    )
}

/// Panics unless `r` was issued by the arena with `tag`.
#[inline(always)]
fn check<T>(r: Ref<T>, tag: NonZeroU32) {
    if r.tag != tag {
        foreign(r, tag)
    }
}

fn issue<T>(len: usize, tag: NonZeroU32) -> Ref<T> {
    Ref {
        idx: u32::try_from(len).expect("arena index overflow"),
        tag,
        _kind: PhantomData,
    }
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
