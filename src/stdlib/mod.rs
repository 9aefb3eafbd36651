//! The standard library, one file per library.
pub mod printf;
