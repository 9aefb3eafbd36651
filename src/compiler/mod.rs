//! Lua source to bytecode: [`lexer`], then [`parser`] (to an [`ast`]), then [`codegen`].

pub mod ast;
pub mod codegen;
pub mod lexer;
pub mod listing;
pub mod parser;

use crate::proto::Proto;
use thiserror::Error;

/// A compile error, formatted as lua5.4 prints it: `chunk:line: message near 'token'`.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{0}")]
pub struct SyntaxError(pub String);

/// Compile a chunk. `chunkname` follows `load`'s convention (`@file`, `=name`, or source).
pub fn compile(source: &[u8], chunkname: &str) -> Result<Proto, SyntaxError> {
    let chunk = parser::parse(source, chunkname)?;
    codegen::generate_with_eof(&chunk, chunkname, Some(eof_line(source)))
}

pub use codegen::generate;
pub use listing::listing;

/// Line the lexer is on at the end of `source` (`\r\n` and `\n\r` count once).
fn eof_line(source: &[u8]) -> u32 {
    let mut line = 1;
    let mut i = 0;
    while i < source.len() {
        let c = source[i];
        if c == b'\n' || c == b'\r' {
            line += 1;
            if let Some(&d) = source.get(i + 1) {
                if (d == b'\n' || d == b'\r') && d != c {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    line
}
