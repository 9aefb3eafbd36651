//! Lua 5.4, written once, generic over a [`heap::HeapBackend`] borrow strategy.
//!
//! The pipeline reads in order: [`compiler`] (lexer, parser, code generation) produces a
//! [`proto::Proto`] of [`opcode`]s; the [`vm`] runs it on any backend; [`stdlib`] is the
//! standard library, written against the same trait.
#![forbid(unsafe_code)]

pub mod compiler;
pub mod error;
pub mod function;
pub mod heap;
pub mod interner;
pub mod number;
pub mod opcode;
pub mod proto;
pub mod stdlib;
pub mod table;
pub mod tagmethod;
pub mod value;
pub mod vm;

pub use error::{Error, HeapError, LuaError};
pub use heap::HeapBackend;
pub use value::Value;
pub use vm::{Lua, Vm};
