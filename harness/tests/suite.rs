//! Every `scripts/*.lua` program, once per backend (`refcell::closures_loops`, ...), compared
//! line by line with the reference Lua; plus a check that the suite itself agrees with the
//! stand-alone `lua5.4`.

use luatb_harness::oracle::{
    check_script, compare, lua_files, script_chunkname, uses_debug_library,
};
use luatb_harness::reference::{run_lua54, run_reference};

macro_rules! case {
    ($ident:ident, $name:expr, $path:expr) => {
        #[test]
        fn $ident() {
            check_script::<Heap>($name, include_bytes!($path));
        }
    };
}

macro_rules! backend {
    ($module:ident, $heap:ty) => {
        mod $module {
            use super::*;
            type Heap = $heap;
            include!(concat!(env!("OUT_DIR"), "/suite_cases.rs"));
        }
    };
}

backend!(refcell, luatb_refcell::Heap);
backend!(r#unsafe, luatb_unsafe::Heap);
backend!(transaction, luatb_transaction::Heap);
backend!(guard, luatb_guard::Heap);

/// Each script must succeed on the vendored reference and print exactly what `lua5.4`
/// prints, so an expected output is never something only mlua believes.
#[test]
fn reference_agrees_with_lua54() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts");
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, src) in lua_files(dir) {
        count += 1;
        let chunkname = script_chunkname(&name);
        if uses_debug_library(&src) {
            // Only lua5.4 has it: its outcome is the expected one (`reference_outcome`).
            continue;
        }
        let reference = run_reference(&src, &chunkname);
        if let Some(e) = &reference.error {
            failures.push(format!("{name}: fails on the reference: {e}"));
        }
        if let Some(standalone) = run_lua54(&src, &chunkname) {
            if let Err(m) = compare(&standalone, "mlua reference", &reference) {
                failures.push(format!("{name}: lua5.4 vs mlua: {m}"));
            }
        }
    }
    assert!(count >= 65, "only {count} suite scripts");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
