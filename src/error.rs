//! Errors, one enum per layer: the heap, the compiler (see `compiler::SyntaxError`), the VM.

use crate::heap::HeapBackend;
use crate::value::Value;
use thiserror::Error;

/// What a heap operation can refuse. The VM turns these into Lua errors with position.
#[derive(Debug, Error, Clone, Copy, PartialEq, Eq)]
pub enum HeapError {
    #[error("table index is nil")]
    NilIndex,
    #[error("table index is NaN")]
    NaNIndex,
    #[error("invalid key to 'next'")]
    InvalidNextKey,
    #[error("not enough memory")]
    OutOfMemory,
}

/// A Lua error in flight: any Lua value, and whether the message handler in force where
/// it was raised has made it what it is (so that it is not handled twice on its way).
pub struct LuaError<B: HeapBackend> {
    pub value: Value<B>,
    pub handled: bool,
}

impl<B: HeapBackend> Clone for LuaError<B> {
    fn clone(&self) -> Self {
        LuaError {
            value: self.value,
            handled: self.handled,
        }
    }
}

impl<B: HeapBackend> std::fmt::Debug for LuaError<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LuaError({:?})", self.value)
    }
}

impl<B: HeapBackend> LuaError<B> {
    pub fn new(value: Value<B>) -> Self {
        LuaError {
            value,
            handled: false,
        }
    }
}

/// Errors seen by an embedder: everything is rendered to text, so it outlives the VM.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Error {
    /// The chunk did not compile: `chunk:line: message near 'token'`.
    #[error("{0}")]
    Syntax(String),
    /// A Lua error escaped: the message as `tostring` would give it, and the traceback.
    #[error("{message}")]
    Runtime {
        message: String,
        traceback: Option<String>,
    },
}
