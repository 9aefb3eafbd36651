//! The objects only this backend stores, and what each kind of object weighs.

use crate::arena::Footprint;
use crate::registers::FrameGuards;
use crate::{Heap, TableRef};
use luatb::function::{FunctionObj, UpvalState};
use luatb::table::Table;
use luatb::value::Value;
use luatb::vm::ThreadState;
use std::any::Any;
use std::mem::size_of;

pub(crate) struct UserdataObj {
    pub data: Box<dyn Any>,
    pub meta: Option<TableRef>,
    /// Finalization number (see `luatb::vm::gc::finalizer_seq`).
    pub fin: u32,
}

/// A thread that is not running keeps its stack, its frame guards and the VM's state
/// here; the running thread's object holds empty placeholders.
#[derive(Default)]
pub(crate) struct ThreadObj {
    pub stack: Vec<Value<Heap>>,
    pub frames: FrameGuards,
    pub state: ThreadState<Heap>,
}

impl Footprint for Table<Heap> {
    const GROWS: bool = true;
    #[inline(always)]
    fn footprint(&self) -> usize {
        self.bytes()
    }
}

impl Footprint for FunctionObj<Heap> {
    fn footprint(&self) -> usize {
        size_of::<Self>()
            + match self {
                FunctionObj::Lua(c) => c.upvals.len() * size_of::<crate::UpvalRef>(),
                FunctionObj::Native(c) => c.upvals.len() * size_of::<Value<Heap>>(),
            }
    }
}

impl Footprint for UpvalState<Heap> {
    fn footprint(&self) -> usize {
        size_of::<Self>()
    }
}

impl Footprint for UserdataObj {
    fn footprint(&self) -> usize {
        size_of::<Self>() + size_of_val(&*self.data)
    }
}

/// A parked stack is charged to its thread; the running one to the register file.
impl Footprint for ThreadObj {
    const GROWS: bool = true;
    fn footprint(&self) -> usize {
        size_of::<Self>() + self.stack.capacity() * size_of::<Value<Heap>>()
    }
}
