//! The runner behind `luatb bench`: every workload on every engine in one process, with
//! repetitions interleaved across engines, and every run's output checked against the
//! reference's.

use super::engine::{run_once, Engine, Run};
use super::record::{Meta, Sample, Skip};
use super::workloads::Workload;
use std::time::Instant;

/// How much to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// One small size per workload, 3 repetitions: about a minute.
    Quick,
    /// One larger size, 5 repetitions: a few minutes.
    Default,
    /// Four or five sizes per workload, 3 repetitions each, for the scaling chart.
    Sweep,
}

impl Mode {
    pub fn repetitions(self) -> u32 {
        match self {
            Mode::Quick | Mode::Sweep => 3,
            Mode::Default => 5,
        }
    }

    pub fn sizes(self, w: &Workload) -> Vec<i64> {
        match self {
            Mode::Quick => vec![w.quick],
            Mode::Default => vec![w.default],
            Mode::Sweep => w.sweep.to_vec(),
        }
    }
}

/// What to run.
pub struct Plan {
    pub workloads: Vec<&'static Workload>,
    pub engines: Vec<Engine>,
    pub mode: Mode,
    pub repetitions: u32,
}

/// What a run produced.
#[derive(Default)]
pub struct Outcome {
    pub samples: Vec<Sample>,
    pub skipped: Vec<Skip>,
    /// Skips of luatb backends: a backend that cannot run a benchmark is a bug.
    pub failures: usize,
}

/// Run `plan`, reporting one line per workload x size to `progress`.
///
/// For each workload and size: one untimed warm-up run per engine (the reference's
/// measures its memory and gives the expected output; an engine whose output differs is
/// skipped for this item), then `repetitions` rounds in which every remaining engine runs
/// once, the starting engine rotating from round to round.
pub fn run(plan: &Plan, meta: &Meta, progress: &mut dyn FnMut(&str)) -> Outcome {
    let mut out = Outcome::default();
    let items: Vec<(&Workload, i64)> = plan
        .workloads
        .iter()
        .flat_map(|w| plan.mode.sizes(w).into_iter().map(move |n| (*w, n)))
        .collect();
    let started = Instant::now();
    for (i, (w, n)) in items.iter().enumerate() {
        // An engine that failed a workload at one size is not tried at larger ones: it
        // would fail again, and a time-out costs seconds every time.
        let mut engines = Vec::new();
        for &e in &plan.engines {
            let failed = out
                .skipped
                .iter()
                .find(|s| s.workload == w.name && s.engine == e.name())
                .map(|s| s.size);
            match failed {
                Some(at) if e != Engine::Reference => out.skipped.push(Skip {
                    workload: w.name.into(),
                    size: *n,
                    engine: e.name().into(),
                    reason: format!("not tried: failed at N={at}"),
                }),
                _ => engines.push(e),
            }
        }
        let mut line = run_item(&engines, plan.repetitions, meta, w, *n, &mut out);
        let untried: Vec<&str> = plan
            .engines
            .iter()
            .filter(|e| !engines.contains(e))
            .map(|e| e.name())
            .collect();
        if !untried.is_empty() {
            line.push_str(&format!(" | not tried: {}", untried.join(", ")));
        }
        progress(&format!(
            "[{}/{}] {:>6.1}s  {} N={}: {}",
            i + 1,
            items.len(),
            started.elapsed().as_secs_f64(),
            w.name,
            n,
            line
        ));
    }
    out
}

fn run_item(
    engines: &[Engine],
    repetitions: u32,
    meta: &Meta,
    w: &Workload,
    n: i64,
    out: &mut Outcome,
) -> String {
    let reference = run_once(Engine::Reference, w.source, n, true);
    let skip = |engine: Engine, reason: String, out: &mut Outcome| {
        if matches!(engine, Engine::Backend(_)) {
            out.failures += 1;
        }
        out.skipped.push(Skip {
            workload: w.name.into(),
            size: n,
            engine: engine.name().into(),
            reason,
        });
    };
    if let Some(e) = &reference.error {
        for &engine in engines {
            skip(engine, format!("the reference itself fails: {e}"), out);
        }
        return format!("reference fails: {e}");
    }
    // Warm-up: the expected output is the reference's, and its memory is measured here.
    let mut active: Vec<(Engine, Option<u64>)> = Vec::new();
    for &engine in engines {
        let warm = if engine == Engine::Reference {
            reference.clone()
        } else {
            run_once(engine, w.source, n, true)
        };
        match verdict(&warm, &reference) {
            Ok(()) => active.push((engine, warm.peak_heap_bytes)),
            Err(reason) => skip(engine, reason, out),
        }
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); active.len()];
    let mut alive = vec![true; active.len()];
    for rep in 1..=repetitions {
        for j in 0..active.len() {
            let slot = (j + rep as usize - 1) % active.len();
            let (engine, warm_peak) = active[slot];
            if !alive[slot] {
                continue;
            }
            let r = run_once(engine, w.source, n, false);
            if let Err(reason) = verdict(&r, &reference) {
                skip(engine, format!("repetition {rep}: {reason}"), out);
                alive[slot] = false;
                continue;
            }
            times[slot].push(r.seconds);
            out.samples.push(Sample {
                workload: w.name.into(),
                size: n,
                engine: engine.name().into(),
                repetition: rep,
                seconds: r.seconds,
                peak_heap_bytes: r.peak_heap_bytes.or(warm_peak),
                git_commit: meta.git_commit.clone(),
                date: meta.date.clone(),
                machine: meta.machine.clone(),
            });
        }
    }
    let ref_median = active
        .iter()
        .zip(&times)
        .find(|((e, _), _)| *e == Engine::Reference)
        .map(|(_, t)| super::record::median(t));
    let mut parts = Vec::new();
    for ((engine, _), t) in active.iter().zip(&times) {
        if t.is_empty() {
            continue;
        }
        let m = super::record::median(t);
        let ratio = match ref_median {
            Some(r) if *engine != Engine::Reference => format!(" ({:.2}x)", m / r),
            _ => String::new(),
        };
        parts.push(format!("{} {:.1}ms{}", engine.name(), m * 1e3, ratio));
    }
    let skipped: Vec<&str> = engines
        .iter()
        .filter(|e| !active.iter().any(|(a, _)| a == *e))
        .map(|e| e.name())
        .collect();
    if !skipped.is_empty() {
        parts.push(format!("skipped: {}", skipped.join(", ")));
    }
    parts.join(" | ")
}

/// Whether a run computed what the reference computed.
fn verdict(run: &Run, reference: &Run) -> Result<(), String> {
    if let Some(e) = &run.error {
        return Err(format!("error: {}", first_line(e)));
    }
    if run.output != reference.output {
        let got = String::from_utf8_lossy(&run.output);
        let want = String::from_utf8_lossy(&reference.output);
        return Err(format!(
            "wrong checksum: printed {:?}, expected {:?}",
            first_line(&got),
            first_line(&want)
        ));
    }
    Ok(())
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.len() > 120 {
        let mut cut = 120;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}...", &line[..cut])
    } else {
        line.to_string()
    }
}
