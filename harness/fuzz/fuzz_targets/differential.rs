//! Arbitrary source on every backend and on the reference (the vendored Lua 5.4): the same
//! output and the same outcome, error message included.
//!
//! The in-process reference has no instruction or memory limit, so it never goes first:
//! every backend runs under the limits, and the reference only gets a program that all of
//! them finished without a limit firing. It then runs the same instructions and finishes
//! too, unless it disagrees with us, which libFuzzer's `-timeout` reports. Whether a limit
//! fired is read from the engine, not from the output, since `pcall` or `resume` can catch
//! the error and the program can go on to print something else: the instruction limit stays
//! exhausted once it has fired, so an empty chunk run afterwards fails; a memory-limit
//! error leaves a peak heap above the limit; a depth limit sets `Lua::depth_limit_hit`.
//!
//! Not compared with the reference, because two correct implementations may differ there:
//! - a limit fired, in an engine's error or in printed output (`pcall` can catch it): the
//!   instruction and memory limits exist only on our side, and the depth at which the Lua
//!   or C stack overflows and the longest string are implementation limits;
//! - a program that took `#` of a table with more than one border (a sequence with holes),
//!   where the manual allows any border: the core's `border-audit` feature records it;
//! - source that mentions `pairs` or `next`: the hash part's traversal order is unspecified;
//! - `random`: lua5.4 seeds its generator from the clock at start-up;
//! - `__gc` and `__mode`: finalizer and weak-entry timing follow each collector's schedule;
//! - `dump` and `%p`: our bytecode format and addresses are our own;
//! - `getlocal`: the level past the main chunk is lua.c's own C function, whose
//!   temporaries (its `argc`, `argv` and message handler) no embedding has. Within the
//!   program, `getlocal` is checked against lua5.4 by the suite (`lib_debug_locals.lua`).
//!
//! The in-process reference (Lua 5.4.9, the project's ground truth) runs the chunk under a
//! Lua driver and without the `debug` library, so where a program reaches past the chunk
//! (`error(msg, 3)`) or uses `debug`, the installed stand-alone `lua5.4` decides: a
//! program on which we disagree with both is ours. The installed one is release 5.4.4,
//! and where the two releases differ we follow 5.4.9 (`harness/reference-only/`).
//!
//! Addresses that `tostring` shows (`table: 0x...`) are masked on both sides rather than
//! skipped. Whatever the reference is not asked about, the backends must still agree with
//! each other (they share one VM), except where a memory limit fired or finalizers, weak
//! tables, random numbers or traversal order are involved, since each backend accounts,
//! collects and numbers its strings its own way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use luatb::table::border_audit;
use luatb::{HeapBackend, Lua};
use luatb_harness::backends::{dispatch, BACKENDS};
use luatb_harness::oracle::compare;
use luatb_harness::reference::{run_lua54, run_reference, Outcome};
use std::panic::AssertUnwindSafe;

const SANDBOX: &str = "io, os, dofile, loadfile, require, collectgarbage = nil ";
/// A file name, so that the stand-alone `lua5.4` names the chunk the same way.
const CHUNK: &str = "@fuzz.lua";
const MAX_INSTRUCTIONS: u64 = 100_000;
const MAX_MEMORY: usize = 16 << 20;

/// Source words whose results are unspecified, or ours alone.
const UNSPECIFIED: &[&str] = &[
    "pairs", "next", "random", "__gc", "__mode", "dump", "%p", "getlocal",
];
/// Source words whose results may differ between backends: each collector has its own
/// schedule, and each backend numbers its strings its own way, which orders a table's
/// hash part, hence `next` and `pairs` (and the instructions a sort of those keys takes).
const PER_BACKEND: &[&str] = &["random", "__gc", "__mode", "pairs", "next"];
/// Traces of limits that are the same on every backend but not on the reference.
const OUR_LIMITS: &[&str] = &[
    "instruction limit exceeded",
    "not enough memory",
    "stack overflow",
    "too large",
    "string length overflow",
];

struct Run {
    outcome: Outcome,
    out_of_instructions: bool,
    out_of_memory: bool,
    out_of_depth: bool,
}

fn run<B: HeapBackend>(src: &[u8]) -> Run {
    let mut lua = Lua::<B>::new();
    lua.capture_output();
    lua.set_traceback(true);
    lua.set_max_instructions(Some(MAX_INSTRUCTIONS));
    lua.set_max_memory(Some(MAX_MEMORY));
    let r = std::panic::catch_unwind(AssertUnwindSafe(|| lua.exec(src, CHUNK)));
    let error = match r {
        Ok(Ok(())) => None,
        Ok(Err(luatb::Error::Syntax(m) | luatb::Error::Runtime { message: m, .. })) => Some(m),
        Err(p) => {
            let text = p
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| p.downcast_ref::<String>().cloned());
            panic!(
                "program:\n{}\npanic in {}: {text:?}",
                String::from_utf8_lossy(src),
                B::NAME
            )
        }
    };
    let stdout = lua.take_output();
    let out_of_instructions = lua.exec(b"", "=probe").is_err();
    Run {
        outcome: masked(Outcome { stdout, error }),
        out_of_instructions,
        out_of_memory: lua.peak_heap_bytes() > MAX_MEMORY,
        out_of_depth: lua.depth_limit_hit(),
    }
}

fn shows(o: &Outcome, words: &[&str]) -> bool {
    let out = String::from_utf8_lossy(&o.stdout);
    let err = o.error.as_deref().unwrap_or("");
    words.iter().any(|w| out.contains(w) || err.contains(w))
}

/// `0x` and eight or more hex digits become `0xADDR`.
fn mask(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"0x") {
            let n = b[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if n >= 8 {
                out.push_str("0xADDR");
                i += 2 + n;
                continue;
            }
        }
        let c = text[i..].chars().next().expect("in bounds");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn masked(o: Outcome) -> Outcome {
    Outcome {
        stdout: mask(&String::from_utf8_lossy(&o.stdout)).into_bytes(),
        error: o.error.map(|e| mask(&e)),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut src = SANDBOX.as_bytes().to_vec();
    src.extend_from_slice(data);
    let text = String::from_utf8_lossy(&src).into_owned();
    border_audit::take();
    let ours: Vec<(&str, Run)> = BACKENDS
        .iter()
        .map(|name| (*name, dispatch!(*name, run, &src).expect("backend")))
        .collect();
    if ours.iter().any(|(_, r)| r.out_of_memory) {
        return;
    }
    if !PER_BACKEND.iter().any(|w| text.contains(w)) {
        let (first, expected) = &ours[0];
        for (name, got) in &ours[1..] {
            if let Err(m) = compare(&expected.outcome, name, &got.outcome) {
                panic!("program:\n{text}\nbackends {first} and {name} differ: {m}");
            }
        }
    }
    if ours
        .iter()
        .any(|(_, r)| r.out_of_instructions || r.out_of_depth || shows(&r.outcome, OUR_LIMITS))
        || UNSPECIFIED.iter().any(|w| text.contains(w))
        || border_audit::take()
    {
        return;
    }
    let reference = masked(run_reference(&src, CHUNK));
    if shows(&reference, OUR_LIMITS) {
        return;
    }
    for (name, got) in &ours {
        if let Err(m) = compare(&reference, name, &got.outcome) {
            // Only a disagreement with both references is ours (see the module docs).
            let installed = run_lua54(&src, CHUNK).map(masked);
            if installed.is_some_and(|l| compare(&l, name, &got.outcome).is_ok()) {
                continue;
            }
            panic!("program:\n{text}\n{m}");
        }
    }
});
