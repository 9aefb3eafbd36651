//! A program that completes on the reference gives the same output on every backend.
//! Programs that reach the instruction or memory limit on one backend first are skipped
//! (the reference has no such limits), as are outputs that show addresses or depend on
//! the collector.
#![no_main]

use libfuzzer_sys::fuzz_target;
use luatb_harness::backends::{dispatch, BACKENDS};
use luatb_harness::fuzz::run_limited;
use luatb_harness::oracle::compare;
use luatb_harness::reference::run_reference;

const SANDBOX: &str = "io, os, dofile, loadfile, require, collectgarbage = nil ";
const LIMITS: (Option<u64>, Option<usize>) = (Some(200_000), Some(32 << 20));

fn unstable(text: &str) -> bool {
    [
        "0x",
        "limit exceeded",
        "not enough memory",
        "stack overflow",
        "%p",
        "__gc",
        "pairs",
        "next",
    ]
    .iter()
    .any(|w| text.contains(w))
}

fuzz_target!(|data: &[u8]| {
    let mut src = SANDBOX.as_bytes().to_vec();
    src.extend_from_slice(data);
    let text = String::from_utf8_lossy(&src).into_owned();
    if unstable(&text) {
        return;
    }
    let first = run_limited::<luatb_refcell::Heap>(&src, "=fuzz", LIMITS.0, LIMITS.1);
    if first.error.as_deref().is_some_and(unstable) {
        return;
    }
    let reference = run_reference(&src, "=fuzz");
    if unstable(&String::from_utf8_lossy(&reference.stdout))
        || reference.error.as_deref().is_some_and(unstable)
    {
        return;
    }
    for name in BACKENDS {
        let got =
            dispatch!(*name, run_limited, &src, "=fuzz", LIMITS.0, LIMITS.1).expect("backend");
        if let Err(m) = compare(&reference, name, &got) {
            panic!("program:\n{text}\n{m}");
        }
    }
});
