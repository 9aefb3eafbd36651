//! The testbed harness: the backends by name, the reference Lua, the differential oracle.
//!
//! # Embedding a VM
//! The core crate's API, on a real backend: create a VM, run a chunk, register a Rust
//! function, call a Lua function and read its results back.
//! ```
//! use luatb::{Lua, Value};
//! use luatb_refcell::Heap;
//!
//! let mut lua = Lua::<Heap>::new();
//! lua.capture_output();
//! lua.register("double", |vm, cx| {
//!     let n = vm.check_int(cx, 0)?;
//!     vm.push(Value::Int(2 * n));
//!     Ok(1)
//! });
//! lua.exec(b"print(double(21))", "=doc").unwrap();
//! assert_eq!(lua.take_output(), b"42\n");
//!
//! let f = lua.load(b"return function(a, b) return a .. b, #a end", "=doc").unwrap();
//! let concat = lua.call(f, &[]).unwrap()[0];
//! let args = [lua.string("ab"), lua.string("c")];
//! let r = lua.call(concat, &args).unwrap();
//! assert_eq!(lua.to_string_lossy(r[0]), "abc");
//! assert!(matches!(r[1], Value::Int(2)));
//!
//! let err = lua.exec(b"local t = nil; return t.x", "=doc").unwrap_err();
//! assert_eq!(err.to_string(), "doc:1: attempt to index a nil value (local 't')");
//! ```

#![forbid(unsafe_code)]

pub mod backends;
pub mod bench;
pub mod diff;
pub mod experiments;
pub mod fuzz;
pub mod oracle;
pub mod plot;
pub mod reference;
pub mod report;
