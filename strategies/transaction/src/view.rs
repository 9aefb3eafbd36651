//! The register view the dispatch loop gets: the frame's own window, reached without the
//! window lookup, with the same write semantics as
//! [`luatb::heap::HeapBackend::set_reg`] (the `high`
//! mark, the protection check, write-through of captured registers).

use crate::windows::{Window, WINDOW};
use crate::Heap;
use luatb::heap::RegisterView;
use luatb::value::Value;

type V = Value<Heap>;

/// The registers of the frame whose base starts a window. Frames own whole windows, so
/// an index of 256 or more is out of the window's array and panics.
#[derive(Clone, Copy)]
pub struct TxRegs<'a> {
    heap: &'a Heap,
    win: &'a Window,
    base: usize,
}

impl<'a> TxRegs<'a> {
    /// The window is allocated here if nothing wrote it yet, as its first write would.
    #[inline(always)]
    pub(crate) fn new(heap: &'a Heap, base: usize) -> Self {
        assert!(
            base.is_multiple_of(WINDOW),
            "VM bug: view of frame base {base}, not window-aligned"
        );
        TxRegs {
            heap,
            win: heap.regs.window(base / WINDOW),
            base,
        }
    }
}

/// Kept out of line: few registers are captured, and the queue is heavy. It reads the
/// value back from the register, which holds it by now: passing the value itself made
/// the compiler keep every written value in a stack temporary for this rare call, and
/// copying that temporary into the register stalled on the two stores that built it.
#[cold]
#[inline(never)]
fn write_through(heap: &Heap, win: &Window, i: usize, slot: usize) {
    heap.write_through(true, slot, win.get(i));
}

impl RegisterView<Heap> for TxRegs<'_> {
    #[inline(always)]
    fn get(self, i: usize) -> V {
        self.win.get(i)
    }

    #[inline(always)]
    fn set(self, i: usize, v: V) {
        if self.win.put(i, v, self.base + i) {
            write_through(self.heap, self.win, i, self.base + i);
        }
    }

    #[inline(always)]
    fn get_n<const N: usize>(self, i: usize) -> [V; N] {
        self.win.get_n(i)
    }

    #[inline(always)]
    fn set_n<const N: usize>(self, i: usize, vs: [V; N]) {
        let mut captured = self.win.put_n(i, vs, self.base + i);
        while captured != 0 {
            let j = captured.trailing_zeros() as usize;
            write_through(self.heap, self.win, i + j, self.base + i + j);
            captured &= captured - 1;
        }
    }
}
