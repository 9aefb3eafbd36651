//! The ablation build: the harness again with its `ablation` feature, which turns on the
//! unsafe backend's `checked` accesses, the transaction backend's `direct-upvalues`, and
//! the refcell and guard backends' borrow counting. Each feature touches one backend, so
//! one second binary serves every comparison; it goes to its own target directory so
//! that building it never replaces the binary that is running.
//!
//! Both sides of each comparison run as `experiments probe` subprocesses, so that they
//! are timed the same way.
//!
//! A third build, with the transaction backend's window sync removed, is broken on
//! purpose: H6 runs the suite on it, each program a subprocess with a time limit.

use super::kernels::{self, Kernel};
use super::probe::{self, Probe};
use super::timing::{self, Job};
use super::{Ctx, Row};
use crate::bench::cli::default_results_dir;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The default build's name for a backend, and the ablation build's.
pub const PAIRS: &[(&str, &str, &str)] = &[
    ("transaction", "transaction", "transaction+direct-upvalues"),
    ("unsafe", "unsafe", "unsafe+checked"),
];

pub fn build_ablation() -> Result<PathBuf, String> {
    build_variant("experiments-ablation", "ablation")
}

/// The harness with the transaction backend's window-to-stack sync removed (broken on
/// purpose: H6 runs the suite on it to show what the sync is for).
pub fn build_no_window_sync() -> Result<PathBuf, String> {
    build_variant(
        "experiments-no-window-sync",
        "luatb-transaction/no-window-sync",
    )
}

/// `luatb` built in release mode with `features`, in a target directory of its own.
fn build_variant(dir: &str, features: &str) -> Result<PathBuf, String> {
    let root = default_results_dir()
        .parent()
        .map(PathBuf::from)
        .ok_or("no workspace root")?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join(dir);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--release", "-p", "luatb-harness", "--features"])
        .arg(features)
        .arg("--target-dir")
        .arg(&target)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build exited with {status}"));
    }
    Ok(target.join("release").join("luatb"))
}

/// What a script run as a subprocess did.
pub struct Ran {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The exit code; `None` when a signal ended it (or the time limit did).
    pub code: Option<i32>,
    pub timed_out: bool,
}

/// Run `exe -b backend script` from `dir`, killed after `limit`. A subprocess, so that a
/// panic or an abort in a broken build ends that run only.
pub fn run_script(
    exe: &Path,
    backend: &str,
    script: &Path,
    dir: &Path,
    limit: Duration,
) -> Result<Ran, String> {
    let mut child = Command::new(exe)
        .args(["-b", backend])
        .arg(script)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    // Drained while it runs, or a chatty script would block on a full pipe.
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|r| Box::new(r) as _));
    let err = drain(child.stderr.take().map(|r| Box::new(r) as _));
    let deadline = Instant::now() + limit;
    let mut timed_out = false;
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(s) => break s,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                timed_out = true;
                break child.wait().map_err(|e| e.to_string())?;
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    Ok(Ran {
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        code: if timed_out { None } else { status.code() },
        timed_out,
    })
}

fn probe_job<'a>(exe: &'a Path, label: &str, backend: &'a str, k: Kernel, n: i64) -> Job<'a> {
    Job {
        name: format!("{} on {label}", k.name),
        run: Box::new(move || probe::spawned(exe, backend, k.name, n, &[]).map(|p| p.seconds)),
    }
}

/// ns per operation of every H1 kernel on both builds of each pair, and the counters of
/// the ablation build (borrows of refcell and guard, syncs of direct-upvalues).
pub fn time_ablation(ctx: &Ctx) -> Vec<Row> {
    let ab = match &ctx.ablation {
        Ok(p) => p.clone(),
        Err(_) => return Vec::new(),
    };
    let me = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            ctx.say(&format!("cannot find this binary: {e}"));
            return Vec::new();
        }
    };
    let n = ctx.size(100_000, 1_000_000);
    let all: Vec<Kernel> = std::iter::once(kernels::BASELINE)
        .chain(kernels::H1.iter().copied())
        .collect();
    let mut jobs = Vec::new();
    let mut keys = Vec::new();
    for &(backend, plain, ablated) in PAIRS {
        for k in &all {
            for (exe, label) in [(&me, plain), (&ab, ablated)] {
                jobs.push(probe_job(exe, label, backend, *k, n));
                keys.push((k.name, label));
            }
        }
    }
    let times = timing::interleaved(ctx, "ablation timing", jobs);
    let mut rows = Vec::new();
    for (i, &(kname, label)) in keys.iter().enumerate() {
        let base = keys
            .iter()
            .position(|&(k, l)| k == "baseline" && l == label)
            .and_then(|j| times[j].as_ref().ok());
        let (Ok(t), Some(b)) = (&times[i], base) else {
            continue;
        };
        let k = kernels::find(kname).unwrap_or(kernels::BASELINE);
        if kname != "baseline" {
            let ns = timing::ns_per_op(*t, *b, n, k.ops);
            rows.push(Row::new(kname, label, "ns_per_op", ns, "ns"));
        }
    }
    let cn = ctx.size(20_000, 100_000);
    for backend in ["refcell", "guard", "transaction"] {
        for k in kernels::H1 {
            match probe::spawned(&ab, backend, k.name, cn, &[]) {
                Ok(p) => rows.extend(counter_rows(k, backend, &p, cn, "ablation build")),
                Err(e) => ctx.say(&format!("counters {backend}/{}: {e}", k.name)),
            }
        }
    }
    rows
}

/// Counters per operation of a probe of `k` at size `n`, tagged with the build.
pub fn counter_rows(k: &Kernel, backend: &str, p: &Probe, n: i64, build: &str) -> Vec<Row> {
    let per = |x: u64| x as f64 / (n as f64 * f64::from(k.ops));
    let c = &p.counters;
    let engine = if build == "ablation build" && backend == "transaction" {
        "transaction+direct-upvalues"
    } else {
        backend
    };
    [
        ("commits_per_op", c.commits),
        ("queued_writes_per_op", c.queued_writes),
        ("window_syncs_per_op", c.window_syncs),
        ("slots_copied_per_op", c.window_slots_copied),
        ("protections_per_op", c.protections),
        ("clones_per_op", c.clones),
        ("borrows_per_op", c.borrows),
    ]
    .into_iter()
    .map(|(m, v)| Row::new(k.name, engine, m, per(v), "count"))
    .collect()
}
