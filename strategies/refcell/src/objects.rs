//! Handles (indices into the heap's arenas) and the objects that only this backend stores.

use crate::Heap;
use luatb::value::Value;
use luatb::vm::gc::slab::Id;
use luatb::vm::ThreadState;
use std::any::Any;

macro_rules! handle {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub struct $name(pub(crate) Id);
    )*};
}

handle!(
    /// An interned string: its slot in the string table.
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
    /// Finalization number (see `luatb::vm::gc::finalizer_seq`).
    pub fin: u32,
}

/// A thread that is not running keeps its stack and the VM's state here; the running
/// thread's slots hold empty placeholders while its stack lives in `Heap::stack`.
#[derive(Default)]
pub(crate) struct ThreadObj {
    pub stack: Vec<Value<Heap>>,
    pub state: ThreadState<Heap>,
}
