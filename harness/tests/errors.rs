//! Every `scripts/errors/*.lua` program, once per backend: it must fail with exactly the
//! reference's message (`refcell::index_nil_field`, ...). Plus a check that the reference
//! messages are the ones the stand-alone `lua5.4` prints.

use luatb_harness::oracle::{check_error_message, compare, error_chunkname, lua_files};
use luatb_harness::reference::{run_lua54, run_reference};

macro_rules! case {
    ($ident:ident, $name:expr, $path:expr) => {
        #[test]
        fn $ident() {
            check_error_message::<Heap>($name, include_bytes!($path));
        }
    };
}

macro_rules! backend {
    ($module:ident, $heap:ty) => {
        mod $module {
            use super::*;
            type Heap = $heap;
            include!(concat!(env!("OUT_DIR"), "/error_cases.rs"));
        }
    };
}

backend!(refcell, luatb_refcell::Heap);
backend!(r#unsafe, luatb_unsafe::Heap);
backend!(transaction, luatb_transaction::Heap);
backend!(guard, luatb_guard::Heap);

#[test]
fn reference_agrees_with_lua54() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/errors");
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, src) in lua_files(dir) {
        count += 1;
        let chunkname = error_chunkname(&name);
        let reference = run_reference(&src, &chunkname);
        if reference.error.is_none() {
            failures.push(format!("{name}: does not fail on the reference"));
        }
        if let Some(standalone) = run_lua54(&src, &chunkname) {
            if let Err(m) = compare(&standalone, "mlua reference", &reference) {
                failures.push(format!("{name}: lua5.4 vs mlua: {m}"));
            }
        }
    }
    assert!(count >= 25, "only {count} error programs");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
