//! The virtual machine: dispatch loop, calls, metamethods, errors.

use crate::error::LuaError;
use crate::heap::HeapBackend;
use std::marker::PhantomData;

/// Where a native function's arguments are: registers `base .. base + nargs`.
#[derive(Clone, Copy, Debug)]
pub struct CallCtx {
    pub base: usize,
    pub nargs: usize,
}

/// A native function: reads its arguments through `cx`, pushes its results with
/// [`Vm::push`] and returns how many it pushed.
pub type NativeFn<B> = fn(&mut Vm<B>, CallCtx) -> Result<usize, LuaError<B>>;

/// The VM's own per-thread state (call frames, open upvalues), stored in the backend's
/// thread object while another thread runs.
pub struct ThreadState<B: HeapBackend> {
    _p: PhantomData<B>,
}

impl<B: HeapBackend> Default for ThreadState<B> {
    fn default() -> Self {
        ThreadState { _p: PhantomData }
    }
}

pub struct Vm<B: HeapBackend> {
    pub heap: B,
}
