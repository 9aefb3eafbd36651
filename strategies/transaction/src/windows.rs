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
use std::mem::size_of;

type V = Value<Heap>;

pub const WINDOW: usize = 256;
const WORDS: usize = WINDOW / 64;
/// Windows kept for reuse after their thread died; more are freed.
const POOL: usize = 256;

pub(crate) struct Window {
    regs: [V; WINDOW],
    /// Registers an open upvalue refers to.
    captured: [u64; WORDS],
    ncaptured: u16,
    /// One past the highest register written since the window was last left: the part
    /// a sync copies.
    high: u16,
    /// A frame in this window is waiting for a callee in a higher window.
    protected: bool,
}

impl Window {
    fn fresh() -> Box<Self> {
        Box::new(Window {
            regs: [Value::Nil; WINDOW],
            captured: [0; WORDS],
            ncaptured: 0,
            high: 0,
            protected: false,
        })
    }

    fn reset(&mut self) {
        self.regs.fill(Value::Nil);
        self.captured = [0; WORDS];
        self.ncaptured = 0;
        self.high = 0;
        self.protected = false;
    }

    #[inline(always)]
    fn is_captured(&self, r: usize) -> bool {
        self.ncaptured != 0 && self.captured[r / 64] & (1 << (r % 64)) != 0
    }

    #[inline(always)]
    fn write(&mut self, r: usize, v: V) {
        self.regs[r] = v;
        if r as u16 >= self.high {
            self.high = r as u16 + 1;
        }
    }
}

/// One thread's windows: running in the [`RegisterWindowSystem`], or parked in its thread
/// object. A window is allocated on its first write; until then it reads as nil.
#[derive(Default)]
pub(crate) struct WindowSet {
    windows: Vec<Option<Box<Window>>>,
    /// Windows of the active Lua frames, innermost last.
    active: Vec<u32>,
}

impl WindowSet {
    /// Slot `slot`, nil where nothing was ever written.
    pub fn peek(&self, slot: usize) -> V {
        match self.windows.get(slot / WINDOW) {
            Some(Some(w)) => w.regs[slot % WINDOW],
            _ => Value::Nil,
        }
    }

    /// For the collector: push the objects in the slots below `limit`, and set the
    /// slots from `limit` up to nil (the thread never reads them before writing them).
    /// A captured slot up there is cleared too: its heap-side copy is cleared with it.
    pub fn gc_scan(&mut self, limit: usize, out: Option<&mut Vec<GcObj<Heap>>>) {
        let mut out = out;
        for (i, w) in self.windows.iter_mut().enumerate() {
            let Some(w) = w else { continue };
            for r in 0..WINDOW {
                let slot = i * WINDOW + r;
                if slot < limit {
                    if let Some(out) = out.as_deref_mut() {
                        GcObj::push(out, w.regs[r]);
                    }
                } else {
                    w.regs[r] = Value::Nil;
                }
            }
        }
    }

    /// Write a slot of a parked thread through an open upvalue.
    pub fn poke(&mut self, slot: usize, v: V) {
        let w = slot / WINDOW;
        if w >= self.windows.len() {
            self.windows.resize_with(w + 1, || None);
        }
        self.windows[w]
            .get_or_insert_with(Window::fresh)
            .write(slot % WINDOW, v);
    }

    pub fn uncapture(&mut self, slot: usize) {
        if let Some(Some(w)) = self.windows.get_mut(slot / WINDOW) {
            uncapture(w, slot % WINDOW);
        }
    }
}

fn uncapture(w: &mut Window, r: usize) {
    let bit = 1 << (r % 64);
    if w.captured[r / 64] & bit != 0 {
        w.captured[r / 64] &= !bit;
        w.ncaptured -= 1;
    }
}

/// The running thread's windows, and the pool windows are recycled from.
#[derive(Default)]
pub struct RegisterWindowSystem {
    cur: WindowSet,
    free: Vec<Box<Window>>,
    /// Windows allocated and not freed, in use or pooled.
    allocated: usize,
    pub(crate) syncs: u64,
    pub(crate) slots_copied: u64,
    pub(crate) protections: u64,
}

impl RegisterWindowSystem {
    /// Slots addressable: whole windows.
    #[inline(always)]
    /// The collector's clearing of the running thread's dead slots (see `WindowSet::gc_scan`).
    pub(crate) fn gc_clear_above(&mut self, from: usize) {
        self.cur.gc_scan(from, None);
    }

    pub fn size(&self) -> usize {
        self.cur.windows.len() * WINDOW
    }

    /// Make at least `size` slots addressable. Windows are allocated when first written.
    pub fn grow(&mut self, size: usize) {
        let n = size.div_ceil(WINDOW);
        if n > self.cur.windows.len() {
            self.cur.windows.resize_with(n, || None);
        }
    }

    #[inline(always)]
    pub fn get(&self, slot: usize) -> V {
        match &self.cur.windows[slot / WINDOW] {
            Some(w) => w.regs[slot % WINDOW],
            None => Value::Nil,
        }
    }

    #[cold]
    fn alloc(&mut self, w: usize) {
        let win = match self.free.pop() {
            Some(mut win) => {
                win.reset();
                win
            }
            None => {
                self.allocated += 1;
                Window::fresh()
            }
        };
        self.cur.windows[w] = Some(win);
    }

    #[inline(always)]
    fn window_mut(&mut self, w: usize) -> &mut Window {
        if self.cur.windows[w].is_none() {
            self.alloc(w);
        }
        self.cur.windows[w]
            .as_deref_mut()
            .expect("window just allocated")
    }

    /// A register write by the VM. Returns whether the register is captured (its heap
    /// stack slot must be written too).
    #[inline(always)]
    pub fn put(&mut self, slot: usize, v: V) -> bool {
        let win = self.window_mut(slot / WINDOW);
        debug_assert!(
            !win.protected,
            "VM bug: write to register {slot} of a protected window"
        );
        let r = slot % WINDOW;
        win.write(r, v);
        cfg!(not(feature = "direct-upvalues")) && win.is_captured(r)
    }

    /// A write through an open upvalue: allowed into a protected window (the frame that
    /// owns the variable is waiting, but its closures may run).
    pub fn poke(&mut self, slot: usize, v: V) {
        self.window_mut(slot / WINDOW).write(slot % WINDOW, v);
    }

    /// A Lua frame whose registers start at `base` is pushed: it becomes the active
    /// window and its caller's window is protected until it leaves.
    pub fn enter(&mut self, base: usize) {
        debug_assert!(
            base.is_multiple_of(WINDOW),
            "frame base {base} is not window-aligned"
        );
        let w = base / WINDOW;
        if let Some(&top) = self.cur.active.last() {
            debug_assert!(w > top as usize, "frame window {w} not above {top}");
            self.window_mut(top as usize).protected = true;
            #[cfg(feature = "count")]
            {
                self.protections += 1;
            }
        }
        self.cur.active.push(w as u32);
    }

    /// The frame at `base` is popped: its window is free for the next callee, and its
    /// caller's window is writable again.
    pub fn leave(&mut self, base: usize) {
        let w = base / WINDOW;
        let top = self.cur.active.pop();
        debug_assert_eq!(top, Some(w as u32), "leave_frame out of order");
        if let Some(Some(win)) = self.cur.windows.get_mut(w) {
            win.high = 0;
        }
        if let Some(&caller) = self.cur.active.last() {
            if let Some(Some(win)) = self.cur.windows.get_mut(caller as usize) {
                win.protected = false;
            }
        }
    }

    /// Copy the live registers of `slot`'s window (at least up to `slot`) out through
    /// `emit(slot, value)`, and mark `slot` captured. Returns the number copied.
    pub fn sync_window(&mut self, slot: usize, mut emit: impl FnMut(usize, V)) -> usize {
        let (w, r) = (slot / WINDOW, slot % WINDOW);
        let win = self.window_mut(w);
        let n = (win.high as usize).max(r + 1);
        for (i, v) in win.regs[..n].iter().enumerate() {
            emit(w * WINDOW + i, *v);
        }
        self.capture(slot);
        #[cfg(feature = "count")]
        {
            self.syncs += 1;
            self.slots_copied += n as u64;
        }
        n
    }

    /// Mark `slot` captured, so that its writes go through, without syncing anything.
    pub fn capture(&mut self, slot: usize) {
        let r = slot % WINDOW;
        let win = self.window_mut(slot / WINDOW);
        let bit = 1 << (r % 64);
        if win.captured[r / 64] & bit == 0 {
            win.captured[r / 64] |= bit;
            win.ncaptured += 1;
        }
    }

    /// The open upvalue on `slot` was closed.
    pub fn uncapture(&mut self, slot: usize) {
        self.cur.uncapture(slot);
    }

    /// Swap the running windows with a parked set (park one thread, load another).
    pub(crate) fn swap(&mut self, parked: &mut WindowSet) {
        std::mem::swap(&mut self.cur, parked);
    }

    /// Take back the windows of a thread that died.
    pub(crate) fn recycle(&mut self, set: &mut WindowSet) {
        for win in set.windows.drain(..).flatten() {
            if self.free.len() < POOL {
                self.free.push(win);
            } else {
                self.allocated -= 1;
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
        self.cur.active.last().map(|&w| w as usize)
    }

    pub fn is_protected(&self, w: usize) -> bool {
        matches!(self.cur.windows.get(w), Some(Some(win)) if win.protected)
    }

    pub fn is_captured(&self, slot: usize) -> bool {
        matches!(self.cur.windows.get(slot / WINDOW), Some(Some(win)) if win.is_captured(slot % WINDOW))
    }

    /// Windows of the running thread that hold storage.
    pub fn windows_in_use(&self) -> usize {
        self.cur.windows.iter().filter(|w| w.is_some()).count()
    }

    pub fn pooled(&self) -> usize {
        self.free.len()
    }

    /// Bytes of window storage allocated (in use by any thread, or pooled).
    pub fn bytes(&self) -> usize {
        self.allocated * size_of::<Window>() + self.cur.windows.capacity() * size_of::<usize>()
    }
}
