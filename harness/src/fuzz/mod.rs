//! Differential testing on generated programs: a proptest generator of well-formed,
//! terminating Lua programs ([`program`]), the check that every backend agrees with the
//! reference on one of them ([`check_source`]), and `luatb fuzz`, which runs the generator
//! at any size. `harness/tests/proptest_statements.rs` runs the same property in CI.

mod ast;
mod gen;
mod render;

pub use ast::Program;
pub use gen::program;
pub use render::render;

use crate::backends::{dispatch, BACKENDS};
use crate::oracle::compare;
use crate::reference::{run_lua54, run_reference_limited, Outcome};
use luatb::{HeapBackend, Lua};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;
use std::time::Instant;

/// Generated programs stop long before this; it only turns an engine's hang into an error.
pub const INSTRUCTION_LIMIT: u64 = 50_000_000;

/// The heap each engine, the reference included, gets for one generated program. A
/// program that needs more (a string doubled in a loop) ends in "not enough memory"; the
/// engines account for memory differently, so such a program is not compared.
pub const MEMORY_LIMIT: usize = 256 << 20;

/// The chunkname generated programs run under.
pub const CHUNKNAME: &str = "=prog";

/// Run `src` on a fresh VM over `B` on the current thread, under the given limits. A panic
/// becomes the error outcome `<panic: ...>`.
pub fn run_limited<B: HeapBackend>(
    src: &[u8],
    chunkname: &str,
    max_instructions: Option<u64>,
    max_memory: Option<usize>,
) -> Outcome {
    let mut lua = Lua::<B>::new();
    lua.capture_output();
    lua.set_traceback(true);
    lua.set_max_instructions(max_instructions);
    lua.set_max_memory(max_memory);
    let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let r = lua.exec(src, chunkname);
        lua.close();
        r
    }));
    let error = match run {
        Ok(Ok(())) => None,
        Ok(Err(luatb::Error::Syntax(msg))) => Some(msg),
        Ok(Err(luatb::Error::Runtime { message, .. })) => Some(message),
        Err(p) => Some(format!("<panic: {}>", panic_text(&*p))),
    };
    Outcome {
        stdout: lua.take_output(),
        error,
    }
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string payload".into())
}

/// Run `f` on a thread with room for the engines' native recursion.
pub fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("spawn worker")
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// The reference's outcome of `src`, then `Err` with the program and the first backend
/// that disagrees. Run it on a thread from [`on_big_stack`].
pub fn check_source(src: &str) -> Result<Outcome, String> {
    let reference = run_reference_limited(src.as_bytes(), CHUNKNAME, Some(MEMORY_LIMIT));
    if out_of_memory(&reference) {
        return Ok(reference);
    }
    let mut standalone = None;
    for name in BACKENDS {
        let got = dispatch!(
            *name,
            run_limited,
            src.as_bytes(),
            CHUNKNAME,
            Some(INSTRUCTION_LIMIT),
            Some(MEMORY_LIMIT)
        )
        .expect("known backend");
        if out_of_memory(&got) {
            continue;
        }
        if let Err(m) = compare(&reference, name, &got) {
            // The in-process reference runs the chunk under a Lua driver, so an error
            // level that reaches past the chunk (`error(msg, 3)`) names the driver there;
            // the stand-alone lua5.4 decides.
            let standalone = standalone.get_or_insert_with(|| run_lua54(src.as_bytes(), CHUNKNAME));
            if standalone
                .as_ref()
                .is_some_and(|l| compare(l, name, &got).is_ok())
            {
                continue;
            }
            return Err(format!("program:\n{src}\n{m}"));
        }
    }
    Ok(reference)
}

/// Whether `o` ran out of its heap somewhere, in its error or in what a `pcall` printed.
fn out_of_memory(o: &Outcome) -> bool {
    const OOM: &str = "not enough memory";
    o.error.as_deref().is_some_and(|e| e.contains(OOM))
        || String::from_utf8_lossy(&o.stdout).contains(OOM)
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Result<Option<T>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .map(Some)
            .ok_or_else(|| format!("'{name}' needs a number")),
    }
}

/// `luatb fuzz --cases N [--seed S] [--print]`: generate N programs from seed S and check
/// each on every backend against the reference; shrink and print every disagreement, go
/// on. `--print` shows every program with the reference's output.
pub fn fuzz_command(args: &[String]) -> ExitCode {
    let parsed = (|| Ok::<_, String>((arg(args, "--cases")?, arg(args, "--seed")?)))();
    let (cases, seed): (Option<u64>, Option<u64>) = match parsed {
        Ok(p) => p,
        Err(e) => {
            eprintln!("luatb fuzz: {e}\nusage: luatb fuzz [--cases N] [--seed S] [--print]");
            return ExitCode::from(2);
        }
    };
    let cases = cases.unwrap_or(10_000);
    let seed = seed.unwrap_or(0);
    let print = args.iter().any(|a| a == "--print");
    let failures = on_big_stack(move || fuzz_loop(cases, seed, print));
    if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn fuzz_loop(cases: u64, seed: u64, print: bool) -> u64 {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = program();
    let start = Instant::now();
    let (mut failures, mut errored) = (0u64, 0u64);
    let every = (cases / 20).clamp(1000, 10_000);
    for case in 1..=cases {
        let mut tree = match strategy.new_tree(&mut runner) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("luatb fuzz: generator: {e}");
                return failures + 1;
            }
        };
        let src = render(&tree.current());
        match check_source(&src) {
            Ok(out) => {
                errored += out.error.is_some() as u64;
                if print {
                    let stdout = String::from_utf8_lossy(&out.stdout);
                    println!(
                        "--- case {case}:\n{src}--- output:\n{stdout}--- error: {:?}",
                        out.error
                    );
                }
            }
            Err(first) => {
                failures += 1;
                let shrunk = shrink(&mut tree).unwrap_or(first);
                println!("--- disagreement at case {case} (seed {seed}):\n{shrunk}");
            }
        }
        if case % every == 0 || case == cases {
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{case} cases, {failures} disagreements, {errored} ended in an error; {:.0} cases/s",
                case as f64 / secs.max(1e-9)
            );
        }
    }
    failures
}

/// Simplify a failing tree as far as it keeps failing; the last failure's report.
fn shrink(tree: &mut impl ValueTree<Value = Program>) -> Option<String> {
    let mut last = None;
    let mut budget = 400;
    if !tree.simplify() {
        return last;
    }
    while budget > 0 {
        budget -= 1;
        let more = match check_source(&render(&tree.current())) {
            Err(report) => {
                last = Some(report);
                tree.simplify()
            }
            Ok(_) => tree.complicate(),
        };
        if !more {
            break;
        }
    }
    last
}

/// The proptest properties' seed: the same programs on every run, so that CI does not
/// flake. `LUATB_PROPTEST_SEED=N` explores others (`random`: a fresh seed each run);
/// `luatb fuzz` explores at scale.
pub fn proptest_seed() -> proptest::test_runner::RngSeed {
    use proptest::test_runner::RngSeed;
    match std::env::var("LUATB_PROPTEST_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        Some(n) => RngSeed::Fixed(
            n.parse()
                .expect("LUATB_PROPTEST_SEED: a number or `random`"),
        ),
        None => RngSeed::Fixed(0x6c75_6174_6221),
    }
}
