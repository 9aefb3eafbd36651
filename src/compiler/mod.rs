//! Lua source to bytecode: [`lexer`], then [`parser`] (to an [`ast`]), then [`codegen`].

pub mod ast;
pub mod codegen;
pub mod lexer;
pub mod listing;
pub mod parser;
pub mod undump;

use crate::proto::Proto;
use thiserror::Error;

/// A compile error, formatted as lua5.4 prints it: `chunk:line: message near 'token'`.
/// The second field is how far the scanner had read when the error was raised: the
/// offset of its lookahead character, which lua5.4's scanner has always read already
/// (`None` for errors found after the whole chunk was read). `load` with a reader uses it
/// to stop reading where lua5.4 does.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{0}")]
pub struct SyntaxError(pub String, pub Option<usize>);

/// The message for a `goto` (or `break`, a goto to the label "break") whose label is not
/// visible from it, as lua5.4 words it; the parser and the code generator both report it.
pub(crate) fn undefined_jump_message(name: &[u8], line: u32) -> String {
    if name == b"break" {
        format!("break outside loop at line {line}")
    } else {
        let name = String::from_utf8_lossy(name);
        format!("no visible label '{name}' for <goto> at line {line}")
    }
}

/// Compile a chunk. `chunkname` follows `load`'s convention (`@file`, `=name`, or source).
/// A first line starting with `#` is skipped, as for a file.
pub fn compile(source: &[u8], chunkname: &str) -> Result<Proto, SyntaxError> {
    compile_chunk(source, chunkname.as_bytes(), true)
}

/// Compile a chunk; `file_prefix: false` (as for `load` of a string) keeps a `#` line,
/// which is then a syntax error, as in lua5.4.
pub fn compile_chunk(
    source: &[u8],
    chunkname: &[u8],
    file_prefix: bool,
) -> Result<Proto, SyntaxError> {
    let chunk = parser::parse_chunk(source, chunkname, file_prefix)?;
    codegen::generate_for_source(&chunk, source, chunkname, file_prefix)
}

pub use codegen::generate;
pub use listing::listing;
pub use undump::undump;
