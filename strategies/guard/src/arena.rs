//! Object arenas lent out through RAII guards.
//!
//! A guard is the only way to reach an object: [`Arena::read`] and [`Arena::write`] hand
//! out an [`ArenaGuard`] or [`ArenaGuardMut`] that derefs to exactly one object, and the
//! borrow ends when the guard is dropped. A mutable guard's `Drop` also commits the change
//! in the object's footprint to the arena's byte count, so accounting can never be
//! forgotten on an early return.
//!
//! The borrow flag is a `RefCell`'s, held for the whole arena: a guard is a `Ref` or
//! `RefMut` mapped down to one element. A hand-rolled `Cell<isize>` flag cannot lend a
//! `&T` without `UnsafeCell`, which `forbid(unsafe_code)` rules out, and per-object flags
//! would need the arena's `Vec` borrowed for as long as the object's flag is (a
//! self-referential guard) or an `Rc<RefCell<T>>` per object (a reference count on every
//! handle copy). So guards of one arena conflict even on different objects. No trait
//! method needs two guards of one arena at once, and guards of different arenas never
//! conflict, so the coarse flag costs nothing in practice; it only makes a misuse (a
//! closure that touches the heap from inside `with_userdata`) fail on any object of the
//! kind rather than on the same one.

use luatb::vm::gc::slab::{Id, Slab};
use std::cell::{Cell, Ref, RefCell, RefMut};
use std::fmt;
use std::ops::{Deref, DerefMut};

/// Bytes an object holds, for `heap_bytes`.
pub trait Footprint {
    /// Whether a mutation can change the footprint (a mutable guard then measures it
    /// before and after).
    const GROWS: bool = false;
    fn footprint(&self) -> usize;
}

/// A guard could not be acquired: another guard of the same arena is alive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuardConflict {
    pub arena: &'static str,
    pub index: usize,
    /// The refused guard was a mutable one.
    pub write: bool,
}

impl fmt::Display for GuardConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.write { "mutable" } else { "shared" };
        write!(
            f,
            "guard conflict: a {kind} guard on {}[{}] was refused while another guard of the arena is held",
            self.arena, self.index
        )
    }
}

impl std::error::Error for GuardConflict {}

#[cold]
#[inline(never)]
#[track_caller]
fn refused(c: GuardConflict) -> ! {
    panic!("{c}")
}

/// One kind of heap object, stored densely and addressed by index.
pub struct Arena<T> {
    name: &'static str,
    items: RefCell<Slab<T>>,
    bytes: Cell<usize>,
    #[cfg(feature = "count")]
    acquired: Cell<u64>,
}

/// Shared access to one object; the arena is released when this is dropped.
pub struct ArenaGuard<'a, T>(Ref<'a, T>);

/// Exclusive access to one object; dropping it releases the arena and commits the
/// object's growth to the arena's byte count.
pub struct ArenaGuardMut<'a, T: Footprint> {
    item: RefMut<'a, T>,
    before: usize,
    bytes: &'a Cell<usize>,
}

/// Exclusive access to one object for a change that cannot alter its footprint (a
/// field that exists given a new value): no measuring when taken or dropped.
pub struct ArenaGuardInPlace<'a, T>(RefMut<'a, T>);

impl<T> Deref for ArenaGuardInPlace<'_, T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for ArenaGuardInPlace<'_, T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> Deref for ArenaGuard<'_, T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Footprint> Deref for ArenaGuardMut<'_, T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        &self.item
    }
}

impl<T: Footprint> DerefMut for ArenaGuardMut<'_, T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.item
    }
}

impl<T: Footprint> Drop for ArenaGuardMut<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        if T::GROWS {
            let after = self.item.footprint();
            if after != self.before {
                let total = self
                    .bytes
                    .get()
                    .wrapping_add(after.wrapping_sub(self.before));
                self.bytes.set(total);
            }
        }
    }
}

impl<T: Footprint> Arena<T> {
    pub fn new(name: &'static str) -> Self {
        Arena {
            name,
            items: RefCell::new(Slab::default()),
            bytes: Cell::new(0),
            #[cfg(feature = "count")]
            acquired: Cell::new(0),
        }
    }

    #[inline(always)]
    fn tick(&self) {
        #[cfg(feature = "count")]
        self.acquired.set(self.acquired.get() + 1);
    }

    /// Store a new object; the whole arena is guarded for the push.
    pub fn alloc(&self, item: T) -> Id {
        self.tick();
        self.bytes.set(self.bytes.get() + item.footprint());
        let mut items = self
            .items
            .try_borrow_mut()
            .unwrap_or_else(|_| refused(self.conflict_at(usize::MAX, true)));
        items.insert(item)
    }

    fn conflict(&self, index: Id, write: bool) -> GuardConflict {
        self.conflict_at(index.idx as usize, write)
    }

    fn conflict_at(&self, index: usize, write: bool) -> GuardConflict {
        GuardConflict {
            arena: self.name,
            index,
            write,
        }
    }

    /// A shared guard on object `i`, or why not. Panics on an index never allocated.
    #[inline(always)]
    pub fn try_read(&self, i: Id) -> Result<ArenaGuard<'_, T>, GuardConflict> {
        self.tick();
        match self.items.try_borrow() {
            Ok(items) => Ok(ArenaGuard(Ref::map(items, |v| v.get(i)))),
            Err(_) => Err(self.conflict(i, false)),
        }
    }

    /// An exclusive guard on object `i`, or why not.
    #[inline(always)]
    pub fn try_write(&self, i: Id) -> Result<ArenaGuardMut<'_, T>, GuardConflict> {
        self.tick();
        match self.items.try_borrow_mut() {
            Ok(items) => {
                let item = RefMut::map(items, |v| v.get_mut(i));
                let before = if T::GROWS { item.footprint() } else { 0 };
                Ok(ArenaGuardMut {
                    item,
                    before,
                    bytes: &self.bytes,
                })
            }
            Err(_) => Err(self.conflict(i, true)),
        }
    }

    /// An exclusive guard on object `i` for a change that keeps its footprint; panics on
    /// a conflict, as [`Self::write`] does.
    #[inline(always)]
    #[track_caller]
    pub fn write_in_place(&self, i: Id) -> ArenaGuardInPlace<'_, T> {
        self.tick();
        match self.items.try_borrow_mut() {
            Ok(items) => ArenaGuardInPlace(RefMut::map(items, |v| v.get_mut(i))),
            Err(_) => refused(self.conflict(i, true)),
        }
    }

    /// As [`Self::try_read`], panicking on a conflict (a broken backend contract).
    #[inline(always)]
    #[track_caller]
    pub fn read(&self, i: Id) -> ArenaGuard<'_, T> {
        match self.try_read(i) {
            Ok(g) => g,
            Err(c) => refused(c),
        }
    }

    /// As [`Self::try_write`], panicking on a conflict.
    #[inline(always)]
    #[track_caller]
    pub fn write(&self, i: Id) -> ArenaGuardMut<'_, T> {
        match self.try_write(i) {
            Ok(g) => g,
            Err(c) => refused(c),
        }
    }

    /// Set the mark of object `i`: true when it was clear.
    pub fn mark(&self, i: Id) -> bool {
        self.items.borrow_mut().mark(i)
    }

    pub fn is_marked(&self, i: Id) -> bool {
        self.items.borrow().is_marked(i)
    }

    /// Free the unmarked objects, handing them back to be dropped outside the arena,
    /// and clear the marks.
    pub fn sweep(&self) -> Vec<T> {
        let mut dead = Vec::new();
        self.items.borrow_mut().sweep(|_, v| dead.push(v));
        let freed: usize = dead.iter().map(T::footprint).sum();
        self.bytes.set(self.bytes.get().wrapping_sub(freed));
        dead
    }

    /// Free the unmarked objects where they are, without a list of the dead (which would
    /// double the peak footprint of a collection); clear the marks.
    pub fn sweep_in_place(&self) {
        let mut freed = 0;
        self.items.borrow_mut().sweep(|_, v| freed += v.footprint());
        self.bytes.set(self.bytes.get().wrapping_sub(freed));
    }

    /// Lend every live object (id, mark, object) to `f`, which must not use this arena.
    pub fn for_each(&self, mut f: impl FnMut(Id, bool, &T)) {
        for (id, marked, v) in self.items.borrow().iter() {
            f(id, marked, v);
        }
    }

    /// Live objects.
    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held by the objects, as of the last guard released.
    pub fn bytes(&self) -> usize {
        self.bytes.get()
    }

    /// No guard of this arena is alive.
    pub fn is_released(&self) -> bool {
        self.items.try_borrow_mut().is_ok()
    }

    /// Guards handed out (0 without the `count` feature).
    pub fn acquisitions(&self) -> u64 {
        #[cfg(feature = "count")]
        return self.acquired.get();
        #[cfg(not(feature = "count"))]
        0
    }
}
