//! Storage for the heap: object arenas, a single-owner cell and the running register file.
//! Every `unsafe` block of the crate is in [`fast`]; the `checked` feature swaps it for
//! [`checked`], the same API over `RefCell`s and bounds-checked indexing.
//!
//! # Why the unchecked accesses are sound
//!
//! - **Handles are proofs of range.** A [`Ref`] can only be made by [`Arena::push`] (its
//!   fields are private to this module). It carries the index the object was pushed at
//!   and the pushing arena's tag, drawn once from a process-wide counter that never
//!   repeats. An arena never shrinks, so a handle whose tag is the arena's own indexes a
//!   live element: one compare replaces the bounds check, and a handle from any other
//!   arena (another heap, a heap already dropped) fails that compare and panics.
//! - **Accesses are short and never nested on one arena.** `with`/`with_mut` lend one
//!   element to a closure and nothing borrowed escapes it. The closures this crate passes
//!   run code of the object itself (a `Table` method, a field copy) and never reach the
//!   heap again, so no `&mut` into an arena coexists with any other reference into it,
//!   and no push (which may move the buffer) happens while an element is lent. The
//!   `HeapBackend` contract is what makes this possible: no trait method calls back into
//!   the VM, so no method is re-entered while it is inside one of these closures. Code
//!   from outside the crate (the closures of `with_str`, `with_userdata`,
//!   `with_thread_state`) never runs inside an access: those methods first copy an `Rc`
//!   out of the arena and lend from the copy.
//! - **The `checked` build enforces the no-nesting rule**: its `RefCell`s panic on a
//!   nested mutable access, and the whole suite runs under it.
//! - **Registers are bounds-checked against the live length** with one compare (an
//!   out-of-range slot panics); the buffer address is re-read after every operation that
//!   can move it (growth, a thread switch), never kept across one.

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

/// A handle to a `T` in one [`Arena`]: 8 bytes, so a `Value` stays 16.
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
