//! `luatb experiments`: the claims of the design behind the transaction backend
//! (`design-doc-claims.md`, H1 to H6) put to measurement on every backend.
//!
//! Each hypothesis module returns a [`Section`]: rows for `results/experiments/<key>.csv`
//! and the Markdown spliced into `papers/paper.md` between its `<!-- BEGIN key -->` and
//! `<!-- END key -->` markers, so that one command regenerates every number in the paper.

pub mod callgrind;
pub mod chart;
pub mod codesize;
pub mod h1;
pub mod h2;
pub mod h3;
pub mod h5;
pub mod h6;
pub mod kernels;
pub mod paper;
pub mod probe;
pub mod timing;
pub mod variants;

use crate::bench::cli::default_results_dir;
use crate::bench::record::{write_csv, Meta};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// One measured number.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Row {
    pub item: String,
    pub engine: String,
    pub metric: String,
    pub value: f64,
    pub unit: String,
}

impl Row {
    pub fn new(item: &str, engine: &str, metric: &str, value: f64, unit: &str) -> Row {
        Row {
            item: item.into(),
            engine: engine.into(),
            metric: metric.into(),
            value,
            unit: unit.into(),
        }
    }
}

/// What one hypothesis produced.
pub struct Section {
    pub key: &'static str,
    pub rows: Vec<Row>,
    pub markdown: String,
    /// One line per claim tested: the claim, the measurement and the verdict.
    pub verdicts: Vec<String>,
}

/// A row of a claims table: the claim, the claimed value as the source gave it, the
/// measurement and its verdict against `claimed`.
pub fn claim_row(
    label: &str,
    claimed_text: &str,
    claimed: f64,
    measured: Option<f64>,
) -> Vec<String> {
    vec![
        label.to_string(),
        claimed_text.to_string(),
        measured.map_or("–".into(), num),
        verdict(claimed, measured.unwrap_or(f64::NAN)),
    ]
}

/// Verdict lines from the rows of a claims table: `[claim, claimed, measured, verdict, ..]`.
pub fn verdict_lines(prefix: &str, table: &[Vec<String>]) -> Vec<String> {
    table
        .iter()
        .map(|r| {
            format!(
                "**{prefix}** {}: claimed {}, measured {} — {}",
                r[0], r[1], r[2], r[3]
            )
        })
        .collect()
}

/// Settings and machine facts shared by every experiment.
pub struct Ctx {
    pub quick: bool,
    pub out: PathBuf,
    /// Interleaved repetitions per timed measurement.
    pub reps: u32,
    /// TSC ticks per nanosecond.
    pub tsc_ghz: f64,
    pub tsc_source: String,
    /// The harness built with the `ablation` feature, when it could be built.
    pub ablation: Result<PathBuf, String>,
    pub meta: Meta,
    /// The directory of the paper, for relative image links.
    pub paper_dir: PathBuf,
}

impl Ctx {
    pub fn say(&self, msg: &str) {
        eprintln!("[experiments] {msg}");
    }

    /// `quick` or `full` depending on the mode.
    pub fn size(&self, quick: i64, full: i64) -> i64 {
        if self.quick {
            quick
        } else {
            full
        }
    }

    pub fn cycles(&self, ns: f64) -> f64 {
        ns * self.tsc_ghz
    }
}

/// The engines compared: the four backends and the PUC-Rio reference.
pub fn engines() -> Vec<crate::bench::Engine> {
    use crate::bench::Engine;
    let mut v: Vec<Engine> = crate::backends::BACKENDS
        .iter()
        .map(|b| Engine::Backend(b))
        .collect();
    v.push(Engine::Reference);
    v
}

/// `confirmed` within a factor of 2 of the claim, `partly` within 5, else `refuted`;
/// the factor is measured over claimed.
pub fn verdict(claimed: f64, measured: f64) -> String {
    if !(claimed > 0.0 && measured.is_finite() && measured > 0.0) {
        return "not measured".into();
    }
    let r = measured / claimed;
    let f = r.max(1.0 / r);
    let word = if f <= 2.0 {
        "confirmed"
    } else if f <= 5.0 {
        "partly"
    } else {
        "refuted"
    };
    format!("{word} (×{})", num(r))
}

/// Three significant digits, no exponent for everyday magnitudes.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else if a == 0.0 {
        "0".into()
    } else {
        format!("{x:.3}")
    }
}

pub fn md_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut s = format!("| {} |\n", header.join(" | "));
    s.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for r in rows {
        s.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    s
}

/// The value of the first row matching `item`, `engine` and `metric`.
pub fn lookup(rows: &[Row], item: &str, engine: &str, metric: &str) -> Option<f64> {
    rows.iter()
        .find(|r| r.item == item && r.engine == engine && r.metric == metric)
        .map(|r| r.value)
}

/// The TSC frequency: the kernel's calibrated `tsc: Detected` line is not readable
/// without privileges, so `cpu MHz` from /proc/cpuinfo is used, which on machines with
/// `constant_tsc` and `tsc_known_freq` is the TSC rate; otherwise a 200 ms
/// measurement would be needed, and 1 GHz is assumed with a note.
fn tsc() -> (f64, String) {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let constant = info.contains("constant_tsc");
    let mhz = info
        .lines()
        .find(|l| l.starts_with("cpu MHz"))
        .and_then(|l| l.split(':').nth(1))
        .and_then(|v| v.trim().parse::<f64>().ok());
    match mhz {
        Some(m) if constant => (
            m / 1000.0,
            format!("`cpu MHz` in /proc/cpuinfo ({m} MHz; the CPU has constant_tsc)"),
        ),
        Some(m) => (
            m / 1000.0,
            format!("`cpu MHz` in /proc/cpuinfo ({m} MHz; no constant_tsc: approximate)"),
        ),
        None => (1.0, "unknown: 1 GHz assumed (cycles = ns)".into()),
    }
}

const USAGE: &str = "\
luatb experiments [--quick] [--out DIR] [--paper FILE] [--no-callgrind] [--only KEY]...
  run the H1-H6 experiments; write DIR/*.csv and charts (default results/experiments/)
  and regenerate the generated parts of FILE (default papers/paper.md); KEY is one of
  h1 h2 h3 h5 h6 (h2 and h6 also run h1, whose times they compare against)
luatb experiments probe BACKEND KERNEL N [FLAG]...   one kernel run, counters on stdout";

struct Args {
    quick: bool,
    out: PathBuf,
    paper: PathBuf,
    callgrind: bool,
    only: Vec<String>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let root = default_results_dir();
    let mut a = Args {
        quick: false,
        out: root.join("experiments"),
        paper: root
            .parent()
            .unwrap_or(&root)
            .join("papers")
            .join("paper.md"),
        callgrind: true,
        only: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or(format!("'{arg}' needs an argument"))
        };
        match arg.as_str() {
            "--quick" => a.quick = true,
            "--no-callgrind" => a.callgrind = false,
            "--out" => a.out = value()?.into(),
            "--paper" => a.paper = value()?.into(),
            "--only" => a.only.push(value()?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    Ok(a)
}

/// `luatb experiments ...`
pub fn command(args: &[String]) -> ExitCode {
    if args.first().map(String::as_str) == Some("probe") {
        return probe::command(&args[1..]);
    }
    let a = match parse(args) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("luatb experiments: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&a.out) {
        eprintln!("luatb experiments: {}: {e}", a.out.display());
        return ExitCode::from(1);
    }
    let (tsc_ghz, tsc_source) = tsc();
    let mut ctx = Ctx {
        quick: a.quick,
        out: a.out.clone(),
        reps: if a.quick { 5 } else { 15 },
        tsc_ghz,
        tsc_source,
        ablation: Err("not built".into()),
        meta: Meta::collect(),
        paper_dir: a.paper.parent().map(PathBuf::from).unwrap_or_default(),
    };
    let wanted = |k: &str| a.only.is_empty() || a.only.iter().any(|o| o == k);
    let start = Instant::now();
    if wanted("h2") || wanted("h6") {
        ctx.say("building the ablation binary (features: unsafe checked, direct-upvalues, counting borrows)");
        ctx.ablation = variants::build_ablation();
        if let Err(e) = &ctx.ablation {
            ctx.say(&format!("ablation build failed: {e}"));
        }
    }
    let mut sections = vec![environment(&ctx, a.callgrind)];
    // H2 and H6 compare against H1's times, so they bring it along.
    let h1 = (wanted("h1") || wanted("h2") || wanted("h6")).then(|| h1::run(&ctx, a.callgrind));
    let ablation = (wanted("h2") || wanted("h6")).then(|| variants::time_ablation(&ctx));
    let empty = Vec::new();
    let h1_rows = h1.as_ref().map_or(&empty, |s| &s.rows);
    let ab_rows = ablation.as_ref().map_or(&empty, |r| r);
    let mut later = Vec::new();
    if wanted("h2") {
        later.push(h2::run(&ctx, h1_rows, ab_rows));
    }
    if wanted("h3") {
        later.push(h3::run(&ctx));
    }
    if wanted("h5") {
        later.push(h5::run(&ctx));
    }
    if wanted("h6") {
        later.push(h6::run(&ctx, h1_rows, ab_rows));
    }
    sections.extend(h1);
    sections.extend(later);
    let mut lines: Vec<String> = sections
        .iter()
        .flat_map(|s| s.verdicts.iter().map(|v| format!("- {v}")))
        .collect();
    // A partial run would leave out the other hypotheses' verdicts: keep the old list.
    if !a.only.is_empty() {
        lines.clear();
    }
    sections.push(Section {
        key: "verdicts",
        rows: Vec::new(),
        markdown: lines.join("\n"),
        verdicts: Vec::new(),
    });
    let mut failed = false;
    sections.retain(|s| s.key != "verdicts" || !s.markdown.is_empty());
    for s in sections.iter().filter(|s| !s.rows.is_empty()) {
        let path = a.out.join(format!("{}.csv", s.key));
        if let Err(e) = write_csv(&path, &s.rows) {
            ctx.say(&e);
            failed = true;
        }
    }
    if let Some(rows) = &ablation {
        failed |= write_csv(&a.out.join("ablation.csv"), rows).is_err();
    }
    match paper::regenerate(&a.paper, &sections) {
        Ok(missing) if missing.is_empty() => ctx.say(&format!("updated {}", a.paper.display())),
        Ok(missing) => ctx.say(&format!(
            "updated {}; no markers for: {}",
            a.paper.display(),
            missing.join(", ")
        )),
        Err(e) => {
            ctx.say(&e);
            failed = true;
        }
    }
    ctx.say(&paper::render_pdf(&a.paper));
    ctx.say(&format!("done in {:.0} s", start.elapsed().as_secs_f64()));
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The machine and settings, as a section of its own.
fn environment(ctx: &Ctx, callgrind: bool) -> Section {
    let mode = if ctx.quick { "--quick" } else { "full" };
    let cg = if callgrind {
        callgrind::version().unwrap_or_else(|| "not installed".into())
    } else {
        "skipped (--no-callgrind)".into()
    };
    // A busy machine is the main threat to the times; the instruction counts are immune.
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into());
    let rows = vec![
        vec!["machine".into(), ctx.meta.machine.clone()],
        vec!["git commit".into(), ctx.meta.git_commit.clone()],
        vec!["date".into(), ctx.meta.date.clone()],
        vec!["mode".into(), mode.into()],
        vec!["repetitions".into(), ctx.reps.to_string()],
        vec!["TSC frequency".into(), ctx.tsc_source.clone()],
        vec!["callgrind".into(), cg],
        vec!["load average when the run started".into(), load],
    ];
    Section {
        key: "environment",
        rows: vec![Row::new("tsc", "", "ghz", ctx.tsc_ghz, "GHz")],
        markdown: md_table(&["setting", "value"], &rows),
        verdicts: Vec::new(),
    }
}

/// Where charts go, relative to the paper.
pub fn chart_link(ctx: &Ctx, stem: &str) -> String {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let png = canon(&ctx.out).join(format!("{stem}.png"));
    let rel = pathdiff(&canon(&ctx.paper_dir), &png);
    format!("![{stem}]({rel})")
}

/// `to` relative to directory `from` (both absolute or both relative, same root).
fn pathdiff(from: &Path, to: &Path) -> String {
    let f: Vec<_> = from.components().collect();
    let t: Vec<_> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_the_factor_rule() {
        assert!(verdict(100.0, 150.0).starts_with("confirmed"));
        assert!(verdict(100.0, 30.0).starts_with("partly"));
        assert!(verdict(100.0, 10.0).starts_with("refuted"));
        assert!(verdict(100.0, 600.0).starts_with("refuted"));
        assert_eq!(verdict(100.0, f64::NAN), "not measured");
    }

    #[test]
    fn the_semantics_layer_names_no_backend() {
        let root = default_results_dir();
        let core = root.parent().expect("workspace root").join("src");
        assert!(codesize::code_lines(&core) > 1000);
        for b in crate::backends::BACKENDS {
            assert_eq!(codesize::core_mentions(&core, b), 0, "src/ names {b}");
        }
    }

    #[test]
    fn a_probe_line_round_trips() {
        let p = probe::local("transaction", "closure", 10, &[]).expect("runs");
        assert!(p.counters.window_syncs > 0);
        let line = p.line();
        let back = probe::Probe::parse(&line).expect("parses");
        assert_eq!(back.counters, p.counters);
        assert_eq!(back.heap_bytes, p.heap_bytes);
    }
}
