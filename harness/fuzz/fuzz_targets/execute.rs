//! Arbitrary source on every backend under instruction and memory limits: no panic, no
//! abort, and (with libFuzzer's `-timeout`) no run past the instruction limit. The first
//! byte picks the backend. `os`, `io` and file loaders are removed first, so that a
//! mutated suite script cannot touch the machine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use luatb_harness::backends::dispatch;
use luatb_harness::fuzz::run_limited;

const SANDBOX: &str = "io, os, dofile, loadfile, require = nil, {clock = os.clock} ";
/// Small limits keep one run in the milliseconds: a limit that fires is as much a test of
/// the engine at 50,000 instructions or 16 MiB as it would be at more.
const MAX_INSTRUCTIONS: u64 = 50_000;
const MAX_MEMORY: usize = 16 << 20;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, src)) = data.split_first() else {
        return;
    };
    let name = ["refcell", "unsafe", "transaction", "guard"][pick as usize % 4];
    let mut full = SANDBOX.as_bytes().to_vec();
    full.extend_from_slice(src);
    let out = dispatch!(
        name,
        run_limited,
        &full,
        "=fuzz",
        Some(MAX_INSTRUCTIONS),
        Some(MAX_MEMORY)
    )
    .expect("known backend");
    if let Some(e) = out.error {
        assert!(!e.starts_with("<panic"), "{name}: {e}");
    }
});
