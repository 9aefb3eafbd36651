//! Interleaved timing: every job runs once per round, rounds repeat, and each job keeps
//! the median of its rounds, after one untimed warm-up round. Interleaving spreads slow
//! drifts of a shared machine (other builds, frequency changes) over every job alike
//! instead of biasing the last ones.

use super::Ctx;
use crate::bench::record::median;
use crate::bench::{run_once, Engine};

/// A measurement to repeat: a name for progress lines and a run returning seconds.
pub struct Job<'a> {
    pub name: String,
    pub run: Box<dyn FnMut() -> Result<f64, String> + 'a>,
}

/// Median seconds per job, in job order; an error stops that job's later rounds.
pub fn interleaved(ctx: &Ctx, what: &str, mut jobs: Vec<Job<'_>>) -> Vec<Result<f64, String>> {
    let mut times: Vec<Result<Vec<f64>, String>> = jobs.iter().map(|_| Ok(Vec::new())).collect();
    // One untimed round first: page faults, allocator growth and cold caches land there.
    for (job, acc) in jobs.iter_mut().zip(times.iter_mut()) {
        if let Err(e) = (job.run)() {
            *acc = Err(e);
        }
    }
    for round in 1..=ctx.reps {
        for (job, acc) in jobs.iter_mut().zip(times.iter_mut()) {
            if let Ok(v) = acc {
                match (job.run)() {
                    Ok(t) => v.push(t),
                    Err(e) => *acc = Err(e),
                }
            }
        }
        ctx.say(&format!("{what}: round {round}/{} done", ctx.reps));
    }
    let out: Vec<_> = times.into_iter().map(|t| t.map(|v| median(&v))).collect();
    for (job, r) in jobs.iter().zip(&out) {
        match r {
            Ok(t) => ctx.say(&format!("  {}: median {:.3} ms", job.name, t * 1e3)),
            Err(e) => ctx.say(&format!("  {}: failed: {e}", job.name)),
        }
    }
    out
}

/// A job timing `source` on `engine` through the benchmark runner.
pub fn engine_job(engine: Engine, label: &str, source: String, n: i64) -> Job<'static> {
    Job {
        name: format!("{label} on {}", engine.name()),
        run: Box::new(move || {
            let r = run_once(engine, &source, n, false);
            match r.error {
                Some(e) => Err(e),
                None => Ok(r.seconds),
            }
        }),
    }
}

/// Nanoseconds per operation: the kernel's time less the baseline's, over `n * ops`.
pub fn ns_per_op(kernel_s: f64, baseline_s: f64, n: i64, ops: u32) -> f64 {
    (kernel_s - baseline_s) * 1e9 / (n as f64 * f64::from(ops))
}
