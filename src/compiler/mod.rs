//! Lua source to bytecode: [`lexer`], then [`parser`] (to an [`ast`]), then [`codegen`].

pub mod ast;

use crate::proto::Proto;
use thiserror::Error;

/// A compile error, formatted as lua5.4 prints it: `chunk:line: message near 'token'`.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{0}")]
pub struct SyntaxError(pub String);

/// Compile a chunk. `chunkname` follows `load`'s convention (`@file`, `=name`, or source).
pub fn compile(source: &[u8], chunkname: &str) -> Result<Proto, SyntaxError> {
    let _ = (source, chunkname);
    Err(SyntaxError("compiler not built yet".into()))
}
