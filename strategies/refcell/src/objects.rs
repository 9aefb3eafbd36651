//! Handles (indices into the heap's arenas) and the objects that only this backend stores.

use crate::Heap;
use luatb::value::Value;
use luatb::vm::ThreadState;
use std::any::Any;

macro_rules! handle {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub struct $name(pub(crate) u32);

        #[allow(dead_code)]
        impl $name {
            #[inline(always)]
            pub(crate) fn at(self) -> usize {
                self.0 as usize
            }
            pub(crate) fn new(i: usize) -> Self {
                $name(u32::try_from(i).expect("arena index overflow"))
            }
        }
    )*};
}

handle!(
    /// An interned string: its index in the interner.
    StrRef,
    TableRef,
    FunctionRef,
    UpvalRef,
    UserdataRef,
    ThreadRef,
);

pub(crate) struct UserdataObj {
    pub data: Box<dyn Any>,
    pub meta: Option<TableRef>,
}

/// A thread that is not running keeps its stack and the VM's state here; the running
/// thread's slots hold empty placeholders while its stack lives in `Heap::stack`.
#[derive(Default)]
pub(crate) struct ThreadObj {
    pub stack: Vec<Value<Heap>>,
    pub state: ThreadState<Heap>,
}
