//! The running thread's registers: a flat stack reached through register guards, and a
//! stack of frame guards that protect the registers of waiting callers.
//!
//! # The protection rule
//!
//! Each Lua frame holds a [`RegisterWindowGuard`] from `enter_frame(base)` to
//! `leave_frame(base)`. The guard of the running frame sets the *floor*, the lowest slot
//! a register write (`set_reg`, `copy_regs`, `clear_regs`) may address:
//!
//! 1. While the frame runs, the floor is its `base`. Everything below belongs to callers
//!    that are waiting for it (their locals and temporaries), or to the frame's own
//!    function slot and extra arguments, which it only reads.
//! 2. A frame passes results by moving them from its registers down to its function
//!    slot, which lies below its base, in the caller's range; a tail call moves the next
//!    callee and its arguments there the same way. The VM does this before
//!    `leave_frame`, because a backend may have to read the frame's registers in the same
//!    step (the transaction backend's windows). So a *result-passing move*, a
//!    `copy_regs` whose source is at or above the floor and whose destination is below
//!    it, lowers the floor to its destination, until the guard drops. The destination
//!    must not lie below the caller's base (the floor the guard found): results never
//!    reach further than the caller's registers. The nil padding that follows
//!    (`clear_regs` past the last result) is then above the floor.
//! 3. A write through an open upvalue (`upval_set`) may address any slot: a closure can
//!    assign a local of a waiting frame, which is the language's semantics.
//!
//! Native frames take no guard: their arguments, pushes and results are all at or above
//! their function slot, which is at or above the base of the Lua frame that called them.
//! Frames nest upwards, so a new guard's base is strictly above the floor, and guards are
//! released in reverse order (`leave_frame` checks both). The rule is checked in debug
//! builds and with the `checked` feature; a violation is a VM bug and panics.

use crate::Heap;
use luatb::value::Value;
use std::cell::{Cell, Ref, RefCell, RefMut};
use std::rc::Rc;

type V = Value<Heap>;

/// Whether register writes are checked against the floor.
pub const CHECKS: bool = cfg!(any(debug_assertions, feature = "checked"));

/// A Lua frame's claim on the registers from `base` up. Acquiring it raises the floor to
/// `base`; dropping it puts back the floor it found.
pub struct RegisterWindowGuard {
    base: usize,
    below: usize,
    /// The register file's floor: a shared cell, because a guard has to reach it from
    /// `Drop` and cannot borrow the heap that owns it.
    floor: Rc<Cell<usize>>,
}

impl RegisterWindowGuard {
    pub fn base(&self) -> usize {
        self.base
    }
}

impl Drop for RegisterWindowGuard {
    #[inline(always)]
    fn drop(&mut self) {
        self.floor.set(self.below);
    }
}

/// One thread's frame guards, innermost last. Parked with the thread while it does not
/// run. A thread is never switched while its running frame passes results, so the floor
/// of a parked thread is its innermost guard's base and needs no parking of its own.
#[derive(Default)]
pub struct FrameGuards {
    guards: Vec<RegisterWindowGuard>,
}

impl FrameGuards {
    /// The floor these guards impose: the innermost base, or 0.
    #[inline(always)]
    pub fn floor(&self) -> usize {
        self.guards.last().map_or(0, |g| g.base)
    }

    /// Lua frames holding a guard.
    pub fn depth(&self) -> usize {
        self.guards.len()
    }

    /// Bases of the held guards, outermost first.
    pub fn bases(&self) -> Vec<usize> {
        self.guards.iter().map(|g| g.base).collect()
    }

    #[inline(always)]
    fn acquire(&mut self, base: usize, floor: &Rc<Cell<usize>>) {
        let below = floor.get();
        if base <= below && !self.guards.is_empty() {
            misnested(base, below);
        }
        floor.set(base);
        self.guards.push(RegisterWindowGuard {
            base,
            below,
            floor: floor.clone(),
        });
    }

    #[inline(always)]
    fn release(&mut self, base: usize) {
        match self.guards.pop() {
            Some(g) if g.base == base => {}
            other => mismatched(base, other.map(|g| g.base)),
        }
    }

    /// Drop every guard without touching the floor: they belong to a thread that is not
    /// running (one being freed), whose floor is not the register file's.
    pub(crate) fn discard(&mut self, floor: usize) {
        for g in &mut self.guards {
            g.below = floor;
        }
        self.release_all();
    }

    /// Drop every guard, innermost first (a `Vec` would drop them outermost first).
    fn release_all(&mut self) {
        while self.guards.pop().is_some() {}
    }
}

impl Drop for FrameGuards {
    fn drop(&mut self) {
        self.release_all();
    }
}

#[cold]
#[inline(never)]
fn misnested(base: usize, below: usize) -> ! {
    panic!("frame at base {base} entered below the running frame's base {below}")
}

#[cold]
#[inline(never)]
fn mismatched(base: usize, held: Option<usize>) -> ! {
    panic!("leave_frame({base}) does not match the innermost frame guard (base {held:?})")
}

#[cold]
#[inline(never)]
#[track_caller]
fn protected(slot: usize, floor: usize) -> ! {
    panic!(
        "register write to slot {slot} below the floor {floor} (the running frame's base, \
         or its function slot once it passes results): a waiting caller's registers are \
         protected"
    )
}

/// Read access to the running stack.
pub struct RegGuard<'a>(Ref<'a, Vec<V>>);

impl RegGuard<'_> {
    #[inline(always)]
    pub fn get(&self, slot: usize) -> V {
        self.0[slot].copy_split()
    }

    #[inline(always)]
    pub fn get_n<const N: usize>(&self, slot: usize) -> [V; N] {
        let mut out = [V::Nil; N];
        out.copy_from_slice(&self.0[slot..slot + N]);
        out
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Write access to the running stack above the floor (checked when [`CHECKS`] is on).
pub struct RegGuardMut<'a> {
    stack: RefMut<'a, Vec<V>>,
    file: &'a RegisterFile,
}

impl RegGuardMut<'_> {
    #[inline(always)]
    #[track_caller]
    fn allow(&self, slot: usize) {
        if CHECKS {
            let floor = self.file.floor.get();
            if slot < floor {
                protected(slot, floor);
            }
        }
    }

    #[inline(always)]
    #[track_caller]
    pub fn set(&mut self, slot: usize, v: V) {
        self.allow(slot);
        self.stack[slot] = v;
    }

    #[inline(always)]
    pub fn get(&self, slot: usize) -> V {
        self.stack[slot].copy_split()
    }

    /// `dst := src`; only the destination is a write.
    #[inline(always)]
    #[track_caller]
    pub fn mov(&mut self, dst: usize, src: usize) {
        self.allow(dst);
        self.stack[dst] = self.stack[src].copy_split();
    }

    /// `f` on `N` slots from `slot` on, in place; the floor check of the lowest covers them.
    #[inline(always)]
    #[track_caller]
    pub fn update_n<const N: usize, R>(
        &mut self,
        slot: usize,
        f: impl FnOnce(&mut [V; N]) -> R,
    ) -> R {
        self.allow(slot);
        let regs: &mut [V; N] = (&mut self.stack[slot..slot + N])
            .try_into()
            .expect("N slots");
        f(regs)
    }

    /// Set `N` slots from `slot` on; the floor check of the lowest covers them all.
    #[inline(always)]
    #[track_caller]
    pub fn set_n<const N: usize>(&mut self, slot: usize, vs: [V; N]) {
        self.allow(slot);
        self.stack[slot..slot + N].copy_from_slice(&vs);
    }

    #[track_caller]
    pub fn copy(&mut self, src: usize, dst: usize, n: usize) {
        if CHECKS && dst < self.file.floor.get() {
            self.file.pass_down(src, dst);
        }
        if n > 0 {
            self.stack.copy_within(src..src + n, dst);
        }
    }

    #[track_caller]
    pub fn fill_nil(&mut self, from: usize, n: usize) {
        if n > 0 {
            self.allow(from);
            self.stack[from..from + n].fill(Value::Nil);
        }
    }

    /// Make the stack at least `size` slots (growth is not a write to a live slot).
    pub fn grow(&mut self, size: usize) {
        if self.stack.len() < size {
            self.stack.resize(size, Value::Nil);
        }
    }
}

/// The running thread's stack and frame guards.
#[derive(Default)]
pub struct RegisterFile {
    stack: RefCell<Vec<V>>,
    frames: RefCell<FrameGuards>,
    /// Lowest slot a register write may address. One cell for the register file: the
    /// running thread's guards maintain it, and a switch resets it from the guards that
    /// come in (a parked thread's guards, dropped with the heap, may leave it stale).
    floor: Rc<Cell<usize>>,
    #[cfg(feature = "count")]
    borrows: Cell<u64>,
    #[cfg(feature = "count")]
    protections: Cell<u64>,
}

impl RegisterFile {
    #[inline(always)]
    fn tick(&self) {
        #[cfg(feature = "count")]
        self.borrows.set(self.borrows.get() + 1);
    }

    #[inline(always)]
    pub fn read(&self) -> RegGuard<'_> {
        self.tick();
        RegGuard(self.stack.borrow())
    }

    #[inline(always)]
    pub fn write(&self) -> RegGuardMut<'_> {
        self.tick();
        RegGuardMut {
            stack: self.stack.borrow_mut(),
            file: self,
        }
    }

    /// A copy from `src` to `dst`, below the floor: allowed as a result-passing move
    /// (rule 2 of the module docs), which lowers the floor to `dst`.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn pass_down(&self, src: usize, dst: usize) {
        let floor = self.floor.get();
        let caller = self.frames.borrow().guards.last().map(|g| g.below);
        match caller {
            Some(below) if src >= floor && dst >= below => self.floor.set(dst),
            _ => protected(dst, floor),
        }
    }

    /// A write through an open upvalue of the running thread: exempt from the floor (a
    /// closure may assign a local of a waiting frame).
    #[inline]
    pub fn poke(&self, slot: usize, v: V) {
        self.tick();
        self.stack.borrow_mut()[slot] = v;
    }

    /// A Lua frame at `base` starts: push its register window guard.
    #[inline(always)]
    pub fn enter(&self, base: usize) {
        self.tick();
        #[cfg(feature = "count")]
        self.protections.set(self.protections.get() + 1);
        self.frames.borrow_mut().acquire(base, &self.floor);
    }

    /// The frame at `base` ends: pop and drop its guard.
    #[inline(always)]
    pub fn leave(&self, base: usize) {
        self.tick();
        self.frames.borrow_mut().release(base);
    }

    /// Drop the running thread's guards (its frames were discarded without returning).
    pub fn release_all(&self) {
        self.tick();
        self.frames.borrow_mut().release_all();
    }

    #[inline(always)]
    pub fn floor(&self) -> usize {
        self.floor.get()
    }

    /// Drop a parked thread's guards, leaving the running thread's floor as it is.
    pub(crate) fn discard(&self, guards: &mut FrameGuards) {
        guards.discard(self.floor.get());
    }

    /// The running thread's frame guards (for tests and experiments).
    pub fn frames(&self) -> Ref<'_, FrameGuards> {
        self.frames.borrow()
    }

    /// Exchange the running stack and guards with a parked thread's.
    pub fn swap(&self, stack: &mut Vec<V>, frames: &mut FrameGuards) {
        self.tick();
        std::mem::swap(&mut *self.stack.borrow_mut(), stack);
        let mut running = self.frames.borrow_mut();
        std::mem::swap(&mut *running, frames);
        self.floor.set(running.floor());
    }

    pub fn is_released(&self) -> bool {
        self.stack.try_borrow_mut().is_ok() && self.frames.try_borrow_mut().is_ok()
    }

    pub fn bytes(&self) -> usize {
        self.stack.borrow().capacity() * std::mem::size_of::<V>()
            + self.frames.borrow().guards.capacity() * std::mem::size_of::<RegisterWindowGuard>()
    }

    pub fn borrows(&self) -> u64 {
        #[cfg(feature = "count")]
        return self.borrows.get();
        #[cfg(not(feature = "count"))]
        0
    }

    pub fn protections(&self) -> u64 {
        #[cfg(feature = "count")]
        return self.protections.get();
        #[cfg(not(feature = "count"))]
        0
    }
}
