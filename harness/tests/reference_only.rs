//! Programs on which Debian's `lua5.4` (release 5.4.4) and the vendored reference (5.4.9)
//! disagree. They cannot join the shared suite, whose scripts must agree with both, so
//! they live in `harness/reference-only/`: every backend must match the vendored
//! reference on them, the release this project treats as ground truth.

use luatb_harness::oracle::{check_script, lua_files, script_chunkname};
use luatb_harness::reference::{run_lua54, run_reference};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/reference-only");

/// A program belongs here only while the two references really disagree on it; one that
/// they agree on belongs in the suite.
#[test]
fn the_references_disagree_on_every_program() {
    let files = lua_files(DIR);
    assert!(!files.is_empty(), "no programs in {DIR}");
    for (name, src) in files {
        let chunkname = script_chunkname(&name);
        let Some(debian) = run_lua54(&src, &chunkname) else {
            eprintln!("lua5.4 is not installed; nothing to compare");
            return;
        };
        assert_ne!(
            run_reference(&src, &chunkname),
            debian,
            "{name}: both references agree; move it to the suite"
        );
    }
}

macro_rules! backend {
    ($module:ident, $heap:ty) => {
        mod $module {
            /// Each backend prints what the vendored reference prints, on every program.
            #[test]
            fn programs_match_the_vendored_reference() {
                for (name, src) in super::lua_files(super::DIR) {
                    super::check_script::<$heap>(&name, &src);
                }
            }
        }
    };
}

backend!(refcell, luatb_refcell::Heap);
backend!(r#unsafe, luatb_unsafe::Heap);
backend!(transaction, luatb_transaction::Heap);
backend!(guard, luatb_guard::Heap);
