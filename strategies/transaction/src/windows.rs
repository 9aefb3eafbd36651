//! Register windows: the running thread's registers, 256 to a window. Slot `s` is
//! register `s % 256` of window `s / 256`, and a Lua frame owns the window its base
//! starts (the VM rounds bases up to a multiple of [`WINDOW`]).
//!
//! Registers are not heap objects, so they are written in place, never queued. Two
//! things tie them to the heap: a register captured by an open upvalue is mirrored in
//! the thread's heap-side stack (the window is synced there on capture, and later writes
//! go through, unless the `direct-upvalues` ablation is on), and the windows of frames
//! that are waiting for a callee are protected against register writes.

use crate::Heap;
use luatb::heap::GcObj;
use luatb::value::Value;
use std::cell::{Cell, OnceCell, RefCell};
use std::mem::size_of;

type V = Value<Heap>;

pub const WINDOW: usize = 256;
const WORDS: usize = WINDOW / 64;
/// Windows kept for reuse after their thread died; more are freed.
const POOL: usize = 256;

/// Its state is in cells so that a frame's [`TxRegs`] view can hold `&Window` while the
/// heap's other `&self` methods (upvalues, block moves, captures) use the same window: a
/// window only moves or goes away under `&mut RegisterWindowSystem`.
pub(crate) struct Window {
    regs: [Cell<V>; WINDOW],
    /// Registers an open upvalue refers to.
    captured: [Cell<u64>; WORDS],
    ncaptured: Cell<u16>,
    /// One past the highest register written since the window was last left: the part
    /// a sync copies.
    high: Cell<u16>,
    /// A frame in this window is waiting for a callee in a higher window.
    protected: Cell<bool>,
}

impl Window {
    fn fresh() -> Box<Self> {
        Box::new(Window {
            regs: [const { Cell::new(Value::Nil) }; WINDOW],
            captured: [const { Cell::new(0) }; WORDS],
            ncaptured: Cell::new(0),
            high: Cell::new(0),
            protected: Cell::new(false),
        })
    }

    fn reset(&self) {
        self.regs.iter().for_each(|r| r.set(Value::Nil));
        self.captured.iter().for_each(|c| c.set(0));
        self.ncaptured.set(0);
        self.high.set(0);
        self.protected.set(false);
    }

    #[inline(always)]
    fn is_captured(&self, r: usize) -> bool {
        self.ncaptured.get() != 0 && self.captured[r / 64].get() & (1 << (r % 64)) != 0
    }

    #[inline(always)]
    fn write(&self, r: usize, v: V) {
        self.regs[r].set(v);
        self.raise_high(r);
    }

    #[inline(always)]
    fn raise_high(&self, r: usize) {
        if r as u16 >= self.high.get() {
            self.high.set(r as u16 + 1);
        }
    }

    /// A register write by the VM: whether the register is captured (its heap stack
    /// slot must be written too). `slot` is for the message only.
    #[inline(always)]
    pub(crate) fn put(&self, r: usize, v: V, slot: usize) -> bool {
        debug_assert!(
            !self.protected.get(),
            "VM bug: write to register {slot} of a protected window"
        );
        self.write(r, v);
        cfg!(not(feature = "direct-upvalues")) && self.is_captured(r)
    }

    #[inline(always)]
    pub(crate) fn get(&self, r: usize) -> V {
        self.regs[r].get()
    }

    #[inline(always)]
    pub(crate) fn get_n<const N: usize>(&self, r: usize) -> [V; N] {
        // Indexed, not zipped: LLVM kept zipped loops over two-half `Value`s as loops.
        let cells = &self.regs[r..r + N];
        std::array::from_fn(|k| cells[k].get())
    }

    /// `N` consecutive [`Window::put`]s with one range check and one `high` update;
    /// which of them are captured, as bit `j` for register `r + j`.
    #[inline(always)]
    pub(crate) fn put_n<const N: usize>(&self, r: usize, vs: [V; N], slot: usize) -> u64 {
        debug_assert!(
            !self.protected.get(),
            "VM bug: write to register {slot} of a protected window"
        );
        let cells = &self.regs[r..r + N];
        #[allow(clippy::needless_range_loop)]
        for k in 0..N {
            cells[k].set(vs[k]);
        }
        if N > 0 {
            self.raise_high(r + N - 1);
        }
        if cfg!(feature = "direct-upvalues") {
            return 0;
        }
        self.captured_among(r, N)
    }

    /// Which of registers `r..r + n` are captured (`n` at most 64), as bits from bit 0:
    /// one or two words of the map, not a test per register.
    #[inline(always)]
    fn captured_among(&self, r: usize, n: usize) -> u64 {
        debug_assert!(n <= 64);
        if self.ncaptured.get() == 0 || n == 0 {
            return 0;
        }
        let (word, shift) = (r / 64, r % 64);
        let mut bits = self.captured[word].get() >> shift;
        // The range runs into the next word only when it starts inside this one.
        if shift + n > 64 {
            if let Some(next) = self.captured.get(word + 1) {
                bits |= next.get() << (64 - shift);
            }
        }
        bits & (u64::MAX >> (64 - n))
    }

    fn uncapture(&self, r: usize) {
        let bit = 1 << (r % 64);
        let word = &self.captured[r / 64];
        if word.get() & bit != 0 {
            word.set(word.get() & !bit);
            self.ncaptured.set(self.ncaptured.get() - 1);
        }
    }
}

/// One thread's windows: running in the [`RegisterWindowSystem`], or parked in its thread
/// object. A window is allocated on its first write (or when a frame's view is taken);
/// until then it reads as nil. The vector itself only changes under `&mut`.
#[derive(Default)]
pub(crate) struct WindowSet {
    windows: Vec<OnceCell<Box<Window>>>,
    /// Windows of the active Lua frames, innermost last, while parked; the running
    /// thread's are in [`RegisterWindowSystem::active`] (mutable through `&self`).
    active: Vec<u32>,
}

impl WindowSet {
    #[inline(always)]
    fn existing(&self, w: usize) -> Option<&Window> {
        self.windows.get(w).and_then(|c| c.get()).map(|b| &**b)
    }

    /// Slot `slot`, nil where nothing was ever written.
    pub fn peek(&self, slot: usize) -> V {
        match self.existing(slot / WINDOW) {
            Some(w) => w.regs[slot % WINDOW].get(),
            None => Value::Nil,
        }
    }

    /// For the collector: push the objects in the slots below `limit`, and set the
    /// slots from `limit` up to nil (the thread never reads them before writing them).
    /// A captured slot up there is cleared too: its heap-side copy is cleared with it.
    pub fn gc_scan(&self, limit: usize, out: Option<&mut Vec<GcObj<Heap>>>) {
        let mut out = out;
        for (i, w) in self.windows.iter().enumerate() {
            let Some(w) = w.get() else { continue };
            for (r, reg) in w.regs.iter().enumerate() {
                let slot = i * WINDOW + r;
                if slot < limit {
                    if let Some(out) = out.as_deref_mut() {
                        GcObj::push(out, reg.get());
                    }
                } else {
                    reg.set(Value::Nil);
                }
            }
        }
    }

    /// Write a slot of a parked thread through an open upvalue.
    pub fn poke(&mut self, slot: usize, v: V) {
        let w = slot / WINDOW;
        if w >= self.windows.len() {
            self.windows.resize_with(w + 1, OnceCell::new);
        }
        self.windows[w]
            .get_or_init(Window::fresh)
            .write(slot % WINDOW, v);
    }

    pub fn uncapture(&self, slot: usize) {
        if let Some(w) = self.existing(slot / WINDOW) {
            w.uncapture(slot % WINDOW);
        }
    }
}

/// The running thread's windows, and the pool windows are recycled from.
#[derive(Default)]
pub struct RegisterWindowSystem {
    /// The running thread's windows; its `active` list is [`RegisterWindowSystem::active`].
    cur: WindowSet,
    /// Windows of the running thread's active Lua frames, innermost last. Kept out of
    /// `cur` so that a parked [`WindowSet`] (in a thread object, accounted by its size)
    /// needs no borrow flag.
    active: RefCell<Vec<u32>>,
    free: RefCell<Vec<Box<Window>>>,
    /// Windows allocated and not freed, in use or pooled.
    allocated: Cell<usize>,
    pub(crate) syncs: Cell<u64>,
    pub(crate) slots_copied: Cell<u64>,
    pub(crate) protections: Cell<u64>,
}

impl RegisterWindowSystem {
    /// The collector's clearing of the running thread's dead slots (see `WindowSet::gc_scan`).
    pub(crate) fn gc_clear_above(&self, from: usize) {
        self.cur.gc_scan(from, None);
    }

    /// Slots addressable: whole windows.
    #[inline(always)]
    pub fn size(&self) -> usize {
        self.cur.windows.len() * WINDOW
    }

    /// Make at least `size` slots addressable. Windows are allocated when first written.
    pub fn grow(&mut self, size: usize) {
        let n = size.div_ceil(WINDOW);
        if n > self.cur.windows.len() {
            self.cur.windows.resize_with(n, OnceCell::new);
        }
    }

    #[inline(always)]
    pub fn get(&self, slot: usize) -> V {
        match self.cur.windows[slot / WINDOW].get() {
            Some(w) => w.regs[slot % WINDOW].get(),
            None => Value::Nil,
        }
    }

    #[cold]
    fn alloc(&self) -> Box<Window> {
        match self.free.borrow_mut().pop() {
            Some(win) => {
                win.reset();
                win
            }
            None => {
                self.allocated.set(self.allocated.get() + 1);
                Window::fresh()
            }
        }
    }

    /// Window `w` of the running thread, allocated if it holds no storage yet. It must
    /// be addressable (below [`RegisterWindowSystem::size`]).
    #[inline(always)]
    pub(crate) fn window(&self, w: usize) -> &Window {
        self.cur.windows[w].get_or_init(|| self.alloc())
    }

    /// A register write by the VM. Returns whether the register is captured (its heap
    /// stack slot must be written too).
    #[inline(always)]
    pub fn put(&self, slot: usize, v: V) -> bool {
        self.window(slot / WINDOW).put(slot % WINDOW, v, slot)
    }

    /// A write through an open upvalue: allowed into a protected window (the frame that
    /// owns the variable is waiting, but its closures may run).
    pub fn poke(&self, slot: usize, v: V) {
        self.window(slot / WINDOW).write(slot % WINDOW, v);
    }

    /// A Lua frame whose registers start at `base` is pushed: it becomes the active
    /// window and its caller's window is protected until it leaves.
    pub fn enter(&self, base: usize) {
        debug_assert!(
            base.is_multiple_of(WINDOW),
            "frame base {base} is not window-aligned"
        );
        let w = base / WINDOW;
        let mut active = self.active.borrow_mut();
        if let Some(&top) = active.last() {
            debug_assert!(w > top as usize, "frame window {w} not above {top}");
            self.window(top as usize).protected.set(true);
            #[cfg(feature = "count")]
            self.protections.set(self.protections.get() + 1);
        }
        active.push(w as u32);
    }

    /// The frame at `base` is popped: its window is free for the next callee, and its
    /// caller's window is writable again.
    pub fn leave(&self, base: usize) {
        let w = base / WINDOW;
        let mut active = self.active.borrow_mut();
        let top = active.pop();
        debug_assert_eq!(top, Some(w as u32), "leave_frame out of order");
        if let Some(win) = self.cur.existing(w) {
            win.high.set(0);
        }
        if let Some(&caller) = active.last() {
            if let Some(win) = self.cur.existing(caller as usize) {
                win.protected.set(false);
            }
        }
    }

    /// Copy the live registers of `slot`'s window (at least up to `slot`) out through
    /// `emit(slot, value)`, and mark `slot` captured. Returns the number copied.
    pub fn sync_window(&self, slot: usize, mut emit: impl FnMut(usize, V)) -> usize {
        let (w, r) = (slot / WINDOW, slot % WINDOW);
        let win = self.window(w);
        let n = (win.high.get() as usize).max(r + 1);
        for (i, v) in win.regs[..n].iter().enumerate() {
            emit(w * WINDOW + i, v.get());
        }
        self.capture(slot);
        #[cfg(feature = "count")]
        {
            self.syncs.set(self.syncs.get() + 1);
            self.slots_copied.set(self.slots_copied.get() + n as u64);
        }
        n
    }

    /// Mark `slot` captured, so that its writes go through, without syncing anything.
    pub fn capture(&self, slot: usize) {
        let r = slot % WINDOW;
        let win = self.window(slot / WINDOW);
        let bit = 1 << (r % 64);
        let word = &win.captured[r / 64];
        if word.get() & bit == 0 {
            word.set(word.get() | bit);
            win.ncaptured.set(win.ncaptured.get() + 1);
        }
    }

    /// The open upvalue on `slot` was closed.
    pub fn uncapture(&self, slot: usize) {
        self.cur.uncapture(slot);
    }

    /// Swap the running windows with a parked set (park one thread, load another).
    pub(crate) fn swap(&mut self, parked: &mut WindowSet) {
        std::mem::swap(&mut self.cur.windows, &mut parked.windows);
        std::mem::swap(self.active.get_mut(), &mut parked.active);
    }

    /// Take back the windows of a thread that died.
    pub(crate) fn recycle(&self, set: &mut WindowSet) {
        let mut free = self.free.borrow_mut();
        for win in set.windows.drain(..).filter_map(OnceCell::into_inner) {
            if free.len() < POOL {
                free.push(win);
            } else {
                self.allocated.set(self.allocated.get() - 1);
            }
        }
        set.active.clear();
    }

    /// Running thread's register `slot` as `peek` reads it (nil when never written).
    pub(crate) fn peek(&self, slot: usize) -> V {
        self.cur.peek(slot)
    }

    // ---- inspection, for tests and experiments -------------------------------------

    /// Register `r` of window `w` (nil when the window holds no storage).
    pub fn register(&self, w: usize, r: usize) -> V {
        self.cur.peek(w * WINDOW + r)
    }

    /// The innermost active Lua frame's window.
    pub fn active_window(&self) -> Option<usize> {
        self.active.borrow().last().map(|&w| w as usize)
    }

    pub fn is_protected(&self, w: usize) -> bool {
        self.cur.existing(w).is_some_and(|win| win.protected.get())
    }

    pub fn is_captured(&self, slot: usize) -> bool {
        self.cur
            .existing(slot / WINDOW)
            .is_some_and(|win| win.is_captured(slot % WINDOW))
    }

    /// Windows of the running thread that hold storage.
    pub fn windows_in_use(&self) -> usize {
        self.cur
            .windows
            .iter()
            .filter(|w| w.get().is_some())
            .count()
    }

    pub fn pooled(&self) -> usize {
        self.free.borrow().len()
    }

    /// Bytes of window storage allocated (in use by any thread, or pooled).
    pub fn bytes(&self) -> usize {
        // A window's slot in the vector is one pointer, as `size_of::<usize>()` says.
        self.allocated.get() * size_of::<Window>()
            + self.cur.windows.capacity() * size_of::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block test agrees with the per-register one, across a word boundary and at the
    /// window's end.
    #[test]
    fn captured_among_matches_is_captured() {
        let w = Window::fresh();
        for r in [0, 62, 63, 64, 70, 191, 192, 255] {
            w.captured[r / 64].set(w.captured[r / 64].get() | 1 << (r % 64));
        }
        w.ncaptured.set(8);
        for n in [1, 2, 3, 4, 7] {
            for r in 0..=WINDOW - n {
                let want = (0..n).fold(0u64, |m, j| m | (w.is_captured(r + j) as u64) << j);
                assert_eq!(w.captured_among(r, n), want, "registers {r}..{}", r + n);
            }
        }
        assert_eq!(w.captured_among(60, 5), 0b11100);
        assert_eq!(w.put_n(62, [Value::Nil; 4], 62), 0b0111);
        w.ncaptured.set(0);
        assert_eq!(
            w.captured_among(62, 4),
            0,
            "nothing counts as captured at count 0"
        );
    }
}
