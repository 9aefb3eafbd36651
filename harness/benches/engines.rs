//! Criterion benches: one group per workload, one function per engine (every backend,
//! `piccolo`, and the PUC-Rio `reference`), at the workloads' quick sizes.
//!
//! Timing goes through `luatb_harness::bench::run_once`, the same code `luatb bench`
//! uses, so both measure compile + run and leave VM creation out. An engine whose output
//! differs from the reference's (or that fails) is skipped and listed at the end.
//!
//! `cargo bench -p luatb-harness -- fib` runs one group; `LUATB_BENCH_SIZE=tiny` uses the
//! test sizes for a fast smoke run.

use criterion::Criterion;
use luatb_harness::bench::{run_once, Engine, WORKLOADS};
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let tiny = std::env::var("LUATB_BENCH_SIZE").is_ok_and(|v| v == "tiny");
    let mut skipped = Vec::new();
    for w in WORKLOADS {
        let n = if tiny { w.tiny } else { w.quick };
        let expected = run_once(Engine::Reference, w.source, n, false);
        let mut group = c.benchmark_group(w.name);
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        for engine in Engine::all() {
            let probe = run_once(engine, w.source, n, false);
            if probe.error.is_some() || probe.output != expected.output {
                let why = probe.error.unwrap_or_else(|| "wrong checksum".into());
                skipped.push(format!("{}/{}: {why}", w.name, engine.name()));
                continue;
            }
            group.bench_function(engine.name(), |b| {
                b.iter_custom(|iters| {
                    (0..iters)
                        .map(|_| {
                            Duration::from_secs_f64(run_once(engine, w.source, n, false).seconds)
                        })
                        .sum()
                })
            });
        }
        group.finish();
    }
    if !skipped.is_empty() {
        eprintln!("skipped (engine could not run the program):");
        for s in &skipped {
            eprintln!("  {s}");
        }
    }
}

fn main() {
    // The engines' parsers and native calls recurse on the host stack.
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut c = Criterion::default().configure_from_args();
            benches(&mut c);
            c.final_summary();
        })
        .expect("spawn bench thread");
    worker.join().expect("bench thread panicked");
}
