//! Handle types, and the objects only this backend stores.

use crate::raw::Ref;
use crate::Heap;
use luatb::function::{FunctionObj, UpvalState};
use luatb::table::Table;
use luatb::value::Value;
use luatb::vm::ThreadState;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// An interned string. The bytes sit behind an `Rc` so that `with_str` can lend them
/// from its own copy of the pointer, outside any arena access.
pub type StrRef = Ref<Rc<[u8]>>;
pub type TableRef = Ref<Table<Heap>>;
pub type FunctionRef = Ref<FunctionObj<Heap>>;
pub type UpvalRef = Ref<UpvalState<Heap>>;
pub type UserdataRef = Ref<UserdataObj>;
pub type ThreadRef = Ref<ThreadObj>;

/// A userdata: the payload is lent to closures the backend does not control, so it
/// lives outside the arena, and its `RefCell` turns a nested `with_userdata` on the same
/// object into a panic rather than two `&mut` to it.
pub struct UserdataObj {
    pub(crate) data: Rc<RefCell<Box<dyn Any>>>,
    pub(crate) meta: Option<TableRef>,
    /// Finalization number (see `luatb::vm::gc::finalizer_seq`).
    pub(crate) fin: u32,
}

/// A thread. While it is not running its stack and the VM's state for it are parked
/// here; the running thread's slot holds empty placeholders. Parked state is lent to
/// foreign closures (`with_thread_state`), hence the `Rc<RefCell<_>>`.
pub struct ThreadObj {
    pub(crate) parked: Rc<RefCell<Parked>>,
}

#[derive(Default)]
pub(crate) struct Parked {
    pub stack: Vec<Cell<Value<Heap>>>,
    pub state: ThreadState<Heap>,
}

impl ThreadObj {
    pub(crate) fn new() -> Self {
        ThreadObj {
            parked: Rc::default(),
        }
    }
}
