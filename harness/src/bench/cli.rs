//! The `luatb bench`, `plot`, `report` and `all` subcommands.

use super::engine::{Engine, REFERENCE};
use super::record::{self, Meta};
use super::suite::{self, Mode, Plan};
use super::workloads::{self, WORKLOADS};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

pub const USAGE: &str = "\
luatb bench [--quick] [--sweep] [--out DIR] [--workload NAME]... [--engine NAME]... [--reps N]
  time every benchmark program on every engine; write DIR/bench.csv and summary.csv
  (sweep.csv and sweep_summary.csv with --sweep); DIR defaults to the workspace's results/
luatb plot [--out DIR]      draw the charts (PNG and SVG) in DIR from its CSV files
luatb report [--out DIR] [--md FILE]
  write FILE (default papers/results.md) from DIR's CSV files and charts
luatb all                   diff on the shared suite, a quick bench, plot and report";

/// The workspace's `results/` directory.
pub fn default_results_dir() -> PathBuf {
    workspace_root().join("results")
}

/// The workspace's `papers/results.md`.
pub fn default_report_path() -> PathBuf {
    workspace_root().join("papers").join("results.md")
}

fn workspace_root() -> PathBuf {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR"));
    harness.parent().unwrap_or(harness).to_path_buf()
}

struct Args {
    mode: Mode,
    out: PathBuf,
    md: PathBuf,
    workloads: Vec<String>,
    engines: Vec<String>,
    reps: Option<u32>,
}

fn parse(args: &[String], cmd: &str) -> Result<Args, String> {
    let mut a = Args {
        mode: Mode::Default,
        out: default_results_dir(),
        md: default_report_path(),
        workloads: Vec::new(),
        engines: Vec::new(),
        reps: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("'{name}' needs an argument"))
        };
        match arg.as_str() {
            "--quick" if cmd == "bench" => a.mode = Mode::Quick,
            "--sweep" if cmd == "bench" => a.mode = Mode::Sweep,
            "--workload" | "-w" if cmd == "bench" => a.workloads.push(value(arg)?),
            "--engine" | "-e" if cmd == "bench" => a.engines.push(value(arg)?),
            "--reps" if cmd == "bench" => {
                let v = value(arg)?;
                a.reps = Some(v.parse().map_err(|_| format!("bad --reps '{v}'"))?);
            }
            "--help" | "-h" => return Err(String::new()),
            "--out" => a.out = value(arg)?.into(),
            "--md" if cmd == "report" => a.md = value(arg)?.into(),
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok(a)
}

/// An empty message is a request for help: usage on stdout, success.
fn usage_error(cmd: &str, msg: &str) -> ExitCode {
    if msg.is_empty() {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    eprintln!("luatb {cmd}: {msg}\n{USAGE}");
    ExitCode::from(2)
}

/// `luatb bench ...`
pub fn bench_command(args: &[String]) -> ExitCode {
    let a = match parse(args, "bench") {
        Ok(a) => a,
        Err(m) => return usage_error("bench", &m),
    };
    let mut chosen = Vec::new();
    for name in &a.workloads {
        match workloads::find(name) {
            Some(w) => chosen.push(w),
            None => {
                let all: Vec<&str> = WORKLOADS.iter().map(|w| w.name).collect();
                let msg = format!("unknown workload '{name}' (available: {})", all.join(", "));
                return usage_error("bench", &msg);
            }
        }
    }
    if chosen.is_empty() {
        chosen = WORKLOADS.iter().collect();
    }
    let mut engines = Vec::new();
    for name in &a.engines {
        match Engine::parse(name) {
            Some(e) => engines.push(e),
            None => {
                let all: Vec<&str> = Engine::all().iter().map(|e| e.name()).collect();
                let msg = format!("unknown engine '{name}' (available: {})", all.join(", "));
                return usage_error("bench", &msg);
            }
        }
    }
    // The reference gives every other engine's expected output and its ratios.
    if engines.is_empty() {
        engines = Engine::all();
    } else if !engines.contains(&Engine::Reference) {
        engines.push(Engine::Reference);
    }
    let plan = Plan {
        workloads: chosen,
        engines,
        mode: a.mode,
        repetitions: a.reps.unwrap_or(a.mode.repetitions()),
    };
    match run_bench(&plan, &a.out) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(n) => {
            eprintln!("luatb bench: {n} backend run(s) failed; see skipped.csv");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("luatb bench: {e}");
            ExitCode::from(1)
        }
    }
}

/// Run the plan on a thread with a large stack (the engines' parsers and native calls
/// recurse on it), write the CSV files, and return the number of backend failures.
fn run_bench(plan: &Plan, out: &Path) -> Result<usize, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let meta = Meta::collect();
    let engines: Vec<&str> = plan.engines.iter().map(|e| e.name()).collect();
    eprintln!(
        "luatb bench: {:?} mode, {} repetitions, engines: {}; commit {}, {}",
        plan.mode,
        plan.repetitions,
        engines.join(", "),
        meta.git_commit,
        meta.machine
    );
    let outcome = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(s, || {
                suite::run(plan, &meta, &mut |line| eprintln!("{line}"))
            })
            .map_err(|e| e.to_string())?
            .join()
            .map_err(|_| "the benchmark thread panicked".to_string())
    })?;
    let prefix = if plan.mode == Mode::Sweep {
        "sweep_"
    } else {
        ""
    };
    let samples_path = out.join(if plan.mode == Mode::Sweep {
        "sweep.csv".to_string()
    } else {
        "bench.csv".to_string()
    });
    record::write_csv(&samples_path, &outcome.samples)?;
    let summary = record::summarize(&outcome.samples, REFERENCE);
    record::write_csv(&out.join(format!("{prefix}summary.csv")), &summary)?;
    record::write_csv(&out.join(format!("{prefix}skipped.csv")), &outcome.skipped)?;
    eprintln!(
        "luatb bench: wrote {} samples to {}",
        outcome.samples.len(),
        samples_path.display()
    );
    for e in plan.engines.iter().filter(|e| **e != Engine::Reference) {
        let ratios: Vec<f64> = summary
            .iter()
            .filter(|s| s.engine == e.name())
            .filter_map(|s| s.ratio_to_reference)
            .collect();
        if let Some(g) = record::geomean(&ratios) {
            eprintln!(
                "  {:<12} geometric mean time / reference: {g:.2} over {} workload sizes",
                e.name(),
                ratios.len()
            );
        }
    }
    Ok(outcome.failures)
}

/// `luatb plot [--out DIR]`
pub fn plot_command(args: &[String]) -> ExitCode {
    let a = match parse(args, "plot") {
        Ok(a) => a,
        Err(m) => return usage_error("plot", &m),
    };
    match crate::plot::plot_all(&a.out) {
        Ok(files) => {
            for f in files {
                eprintln!("luatb plot: wrote {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("luatb plot: {e}");
            ExitCode::from(1)
        }
    }
}

/// `luatb report [--out DIR] [--md FILE]`
pub fn report_command(args: &[String]) -> ExitCode {
    let a = match parse(args, "report") {
        Ok(a) => a,
        Err(m) => return usage_error("report", &m),
    };
    match crate::report::write_report(&a.out, &a.md) {
        Ok(()) => {
            eprintln!("luatb report: wrote {}", a.md.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("luatb report: {e}");
            ExitCode::from(1)
        }
    }
}

/// `luatb all`: the differential suite, a quick benchmark, the charts and the report.
/// Every step runs even if an earlier one found problems; the exit status reports them.
pub fn all_command(args: &[String], suite_dir: &Path) -> ExitCode {
    if let Some(extra) = args.first() {
        return usage_error("all", &format!("unexpected argument '{extra}'"));
    }
    let start = Instant::now();
    let step = |n: u32, what: &str| {
        eprintln!(
            "== luatb all [{n}/4] {what} ({:.0}s elapsed) ==",
            start.elapsed().as_secs_f64()
        )
    };
    let mut ok = true;
    step(1, "diff on the shared suite");
    crate::diff::enter_suite_dir(suite_dir);
    let files = crate::diff::suite_files(suite_dir);
    let with_lua54 = crate::reference::lua54_path().is_some();
    let report = crate::diff::run(&files, &[], with_lua54);
    let rendered = crate::diff::render(&report);
    let summary: Vec<&str> = rendered
        .lines()
        .filter(|l| l.contains(" match the reference"))
        .collect();
    eprintln!("{}", summary.join("\n"));
    if report.mismatches() > 0 {
        print!("{rendered}");
        ok = false;
    }
    step(2, "quick benchmark");
    let plan = Plan {
        workloads: WORKLOADS.iter().collect(),
        engines: Engine::all(),
        mode: Mode::Quick,
        repetitions: Mode::Quick.repetitions(),
    };
    let out = default_results_dir();
    match run_bench(&plan, &out) {
        Ok(0) => {}
        Ok(n) => {
            eprintln!("luatb all: {n} backend run(s) failed; see skipped.csv");
            ok = false;
        }
        Err(e) => {
            eprintln!("luatb all: bench: {e}");
            return ExitCode::from(1);
        }
    }
    step(3, "charts");
    match crate::plot::plot_all(&out) {
        Ok(files) => eprintln!("wrote {} chart files in {}", files.len(), out.display()),
        Err(e) => {
            eprintln!("luatb all: plot: {e}");
            ok = false;
        }
    }
    step(4, "report");
    let md = default_report_path();
    match crate::report::write_report(&out, &md) {
        Ok(()) => eprintln!("wrote {}", md.display()),
        Err(e) => {
            eprintln!("luatb all: report: {e}");
            ok = false;
        }
    }
    eprintln!(
        "== luatb all: done in {:.0}s{} ==",
        start.elapsed().as_secs_f64(),
        if ok {
            ""
        } else {
            ", with problems (see above)"
        }
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
