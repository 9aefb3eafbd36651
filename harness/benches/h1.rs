//! Criterion benches of the H1 micro-kernels (`harness/experiments/*.lua`): one group per
//! kernel, the empty-loop baseline included, one function per engine (the four backends
//! and the PUC-Rio reference). Throughput is in operations, so criterion reports the
//! time per operation with the loop still in; `luatb experiments` subtracts the baseline.
//!
//! `cargo bench -p luatb-harness --bench h1 -- closure` runs one group.

use criterion::{Criterion, Throughput};
use luatb_harness::bench::run_once;
use luatb_harness::experiments::{engines, kernels};
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let n: i64 = 50_000;
    for k in std::iter::once(&kernels::BASELINE).chain(kernels::H1) {
        let mut group = c.benchmark_group(k.name);
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(1))
            .throughput(Throughput::Elements(n as u64 * u64::from(k.ops)));
        for e in engines() {
            group.bench_function(e.name(), |b| {
                b.iter_custom(|iters| {
                    (0..iters)
                        .map(|_| Duration::from_secs_f64(run_once(e, k.source, n, false).seconds))
                        .sum()
                })
            });
        }
        group.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
