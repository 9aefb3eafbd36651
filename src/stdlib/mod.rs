//! The standard library, one file per library.
