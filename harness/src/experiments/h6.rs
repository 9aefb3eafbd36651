//! H6: register windows. What the window-to-stack sync and register protection cost the
//! transaction backend, against its `direct-upvalues` ablation (open upvalues point into
//! the windows, no sync) and against the flat stacks of the other backends; and what the
//! sync is for: the shared suite on a build without it (`no-window-sync`), program by
//! program against the default build.

use super::variants::{self, counter_rows, Ran};
use super::{chart, kernels, lookup, md_table, num, probe, Ctx, Row, Section};
use crate::bench::cli::default_results_dir;
use crate::bench::record::write_csv;
use crate::diff::suite_files;
use serde::Serialize;
use std::time::{Duration, Instant};

const KERNELS: &[&str] = &["closure", "upvalue", "call"];
const SERIES: &[&str] = &[
    "transaction",
    "transaction+direct-upvalues",
    "refcell",
    "unsafe",
];

pub fn run(ctx: &Ctx, h1: &[Row], ablation: &[Row]) -> Section {
    let n = ctx.size(20_000, 100_000);
    let mut rows = Vec::new();
    for name in KERNELS {
        let k = kernels::find(name).expect("H1 kernel");
        match probe::local("transaction", name, n, &[]) {
            Ok(p) => rows.extend(counter_rows(&k, "transaction", &p, n, "default build")),
            Err(e) => ctx.say(&format!("H6 counters {name}: {e}")),
        }
        ctx.say(&format!("H6 counters: {name} on transaction"));
    }
    // ns per operation: the two transaction builds from the ablation timing (both run as
    // subprocesses), the flat-stack backends from H1.
    let ns = |k: &str, s: &str| -> Option<f64> {
        if s.starts_with("transaction") {
            lookup(ablation, k, s, "ns_per_op")
        } else {
            lookup(h1, k, s, "ns_per_op")
        }
    };
    for k in KERNELS {
        for s in SERIES {
            if let Some(v) = ns(k, s) {
                rows.push(Row::new(k, s, "ns_per_op", v, "ns"));
            }
        }
    }
    let broken = no_sync(ctx);
    let mut markdown = render(ctx, &rows);
    markdown.push_str(&render_no_sync(&broken));
    if let Ok(v) = &broken {
        let failing = v.iter().filter(|v| v.outcome != "pass").count();
        rows.push(Row::new(
            "suite",
            "transaction+no-window-sync",
            "programs_failing",
            failing as f64,
            "count",
        ));
        rows.push(Row::new(
            "suite",
            "transaction+no-window-sync",
            "programs",
            v.len() as f64,
            "count",
        ));
    }
    let slots = lookup(&rows, "closure", "transaction", "slots_copied_per_op");
    let claims = vec![super::claim_row(
        "slots copied per closure creation",
        "up to 256",
        256.0,
        slots,
    )];
    Section {
        key: "h6",
        rows,
        markdown,
        verdicts: super::verdict_lines("H6", &claims),
    }
}

fn render(ctx: &Ctx, rows: &[Row]) -> String {
    let f = |x: Option<f64>| x.map_or("–".to_string(), num);
    let c = |k: &str, m: &str| lookup(rows, k, "transaction", m);
    let ns = |k: &str, s: &str| lookup(rows, k, s, "ns_per_op");
    let sync_ns = ns("closure", "transaction")
        .zip(ns("closure", "transaction+direct-upvalues"))
        .map(|(w, d)| w - d);
    let syncs = c("closure", "window_syncs_per_op");
    let slots = c("closure", "slots_copied_per_op");
    let per_slot = sync_ns
        .zip(slots.filter(|s| *s > 0.0))
        .map(|(t, s)| ctx.cycles(t) / s);
    let protect_cy = ns("call", "transaction")
        .zip(ns("call", "refcell"))
        .map(|(t, r)| ctx.cycles(t - r));
    let mechanism = vec![
        vec!["window syncs per closure created".into(), f(syncs)],
        vec!["slots copied per closure created".into(), f(slots)],
        vec![
            "slots copied per sync".into(),
            f(slots.zip(syncs.filter(|s| *s > 0.0)).map(|(a, b)| a / b)),
        ],
        vec![
            "protections per call".into(),
            f(c("call", "protections_per_op")),
        ],
        vec![
            "closure creation: with sync − direct-upvalues (cycles)".into(),
            f(sync_ns.map(|t| ctx.cycles(t))),
        ],
        vec!["… per slot copied (cycles)".into(), f(per_slot)],
        vec![
            "call: transaction − refcell (cycles; protection + window allocation)".into(),
            f(protect_cy),
        ],
    ];
    let mut header = vec!["operation (ns)"];
    header.extend(SERIES);
    let table: Vec<Vec<String>> = KERNELS
        .iter()
        .map(|k| {
            let label = kernels::find(k).map_or(*k, |k| k.label);
            let mut r = vec![label.to_string()];
            r.extend(SERIES.iter().map(|s| f(ns(k, s))));
            r
        })
        .collect();
    let chart = chart::grouped(
        ctx,
        "h6_windows",
        "H6: register windows with sync, without it (direct-upvalues), and flat stacks",
        &ctx.meta.machine,
        KERNELS.iter().map(|k| k.to_string()).collect(),
        SERIES.iter().map(|s| s.to_string()).collect(),
        |g, s| ns(KERNELS[g], SERIES[s]),
        "ns per operation (log)",
    );
    format!(
        "{}\n{}\n{}",
        md_table(&["measure", "transaction backend"], &mechanism),
        md_table(&header, &table),
        chart
    )
}

/// One suite program on the build without the sync, against the default build.
#[derive(Serialize)]
struct Verdict {
    program: String,
    /// `pass`, `differs` (other output), `error` (a Lua error the default build does not
    /// raise, or another message), `panic` (a Rust panic or a signal) or `timeout`.
    outcome: &'static str,
    /// First line that differs (1-based), stdout first, then stderr; 0 when none does.
    line: usize,
    expected: String,
    got: String,
}

/// Run every program of the shared suite on the transaction backend of this binary and
/// of the `no-window-sync` build, two at a time (one of each).
fn no_sync(ctx: &Ctx) -> Result<Vec<Verdict>, String> {
    ctx.say("H6: building the no-window-sync binary");
    let start = Instant::now();
    let broken = variants::build_no_window_sync()?;
    ctx.say(&format!(
        "H6: built in {:.0} s",
        start.elapsed().as_secs_f64()
    ));
    let start = Instant::now();
    let me = std::env::current_exe().map_err(|e| format!("this binary: {e}"))?;
    let root = default_results_dir()
        .parent()
        .map(|p| p.join("harness"))
        .ok_or("no workspace root")?;
    let files = suite_files(&root.join("scripts"));
    if files.is_empty() {
        return Err(format!("no suite programs in {}/scripts", root.display()));
    }
    let limit = Duration::from_secs(30);
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let rel = f.strip_prefix(&root).unwrap_or(f);
        let (want, got) = std::thread::scope(|s| {
            let want = s.spawn(|| variants::run_script(&me, "transaction", rel, &root, limit));
            let got = variants::run_script(&broken, "transaction", rel, &root, limit);
            (want.join().unwrap_or_else(|_| Err("panicked".into())), got)
        });
        let v = classify(&rel.display().to_string(), &want?, &got?);
        if v.outcome != "pass" {
            ctx.say(&format!(
                "H6 no-window-sync [{}/{}] {}: {}",
                i + 1,
                files.len(),
                v.program,
                v.outcome
            ));
        }
        out.push(v);
    }
    ctx.say(&format!(
        "H6: {} programs on both builds in {:.0} s",
        out.len(),
        start.elapsed().as_secs_f64()
    ));
    let path = ctx.out.join("h6_no_sync.csv");
    if let Err(e) = write_csv(&path, &out) {
        ctx.say(&e);
    }
    Ok(out)
}

fn classify(program: &str, want: &Ran, got: &Ran) -> Verdict {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let (ws, gs) = (text(&want.stdout), text(&got.stdout));
    let (we, ge) = (text(&want.stderr), text(&got.stderr));
    let panicked = ge.contains("panicked at") || (got.code.is_none() && !got.timed_out);
    let outcome = if got.timed_out {
        "timeout"
    } else if panicked {
        "panic"
    } else if ws == gs && we == ge && want.code == got.code {
        "pass"
    } else if got.code != Some(0) && (want.code != got.code || we != ge) {
        "error"
    } else {
        "differs"
    };
    let (line, expected, got_line) = if panicked {
        let msg = ge.lines().skip_while(|l| !l.contains("panicked at"));
        let msg: Vec<&str> = msg.take(2).collect();
        (0, String::new(), msg.join(" "))
    } else {
        let (n, a, b) = first_difference(&ws, &gs)
            .or_else(|| first_difference(&we, &ge))
            .unwrap_or_default();
        // An error's message says more than the missing line after it.
        let first = |t: &str| t.lines().next().unwrap_or_default().to_string();
        if outcome == "error" && b == "(no line)" {
            (n, a, first(&ge))
        } else {
            (n, a, b)
        }
    };
    Verdict {
        program: program.to_string(),
        outcome,
        line,
        expected,
        got: got_line,
    }
}

/// The first line (1-based) where `a` and `b` differ, and the two lines.
fn first_difference(a: &str, b: &str) -> Option<(usize, String, String)> {
    let (mut x, mut y) = (a.lines(), b.lines());
    for n in 1.. {
        match (x.next(), y.next()) {
            (None, None) => return None,
            (p, q) if p == q => continue,
            (p, q) => {
                let show = |l: Option<&str>| l.map_or("(no line)".into(), str::to_string);
                return Some((n, show(p), show(q)));
            }
        }
    }
    None
}

/// The count by outcome and the failing programs; the first differing lines are in the CSV.
fn render_no_sync(v: &Result<Vec<Verdict>, String>) -> String {
    let v = match v {
        Ok(v) => v,
        Err(e) => return format!("\n\n**Without the sync:** not run ({e}).\n"),
    };
    let failing = v.iter().filter(|v| v.outcome != "pass").count();
    let mut s = format!(
        "\n\n**Without the sync** (`no-window-sync`): {failing} of {} suite programs fail on \
         the transaction backend (first differing lines in `h6_no_sync.csv`).\n\n",
        v.len()
    );
    let rows: Vec<Vec<String>> = ["error", "differs", "panic", "timeout"]
        .iter()
        .filter_map(|o| {
            let names: Vec<String> = v
                .iter()
                .filter(|v| v.outcome == *o)
                .map(|v| {
                    let p = v.program.strip_prefix("scripts/").unwrap_or(&v.program);
                    format!("`{}`", p.strip_suffix(".lua").unwrap_or(p))
                })
                .collect();
            (!names.is_empty())
                .then(|| vec![o.to_string(), names.len().to_string(), names.join(", ")])
        })
        .collect();
    if !rows.is_empty() {
        s.push_str(&md_table(&["outcome", "programs", "which"], &rows));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ran(out: &str, err: &str, code: Option<i32>) -> Ran {
        Ran {
            stdout: out.as_bytes().to_vec(),
            stderr: err.as_bytes().to_vec(),
            code,
            timed_out: false,
        }
    }

    #[test]
    fn outcomes_and_first_differing_line() {
        let ok = ran("1\n2\n3\n", "", Some(0));
        assert_eq!(classify("p", &ok, &ok).outcome, "pass");
        let v = classify("p", &ok, &ran("1\nnil\n3\n", "", Some(0)));
        assert_eq!((v.outcome, v.line), ("differs", 2));
        assert_eq!((v.expected.as_str(), v.got.as_str()), ("2", "nil"));
        let v = classify("p", &ok, &ran("1\n", "luatb: boom\n", Some(1)));
        assert_eq!((v.outcome, v.line), ("error", 2));
        assert_eq!(v.got, "luatb: boom");
        let v = classify(
            "p",
            &ok,
            &ran(
                "1\n",
                "thread 'main' panicked at x.rs:1:1:\nno\n",
                Some(101),
            ),
        );
        assert_eq!(v.outcome, "panic");
        assert!(v.got.contains("panicked at"), "{}", v.got);
        assert_eq!(classify("p", &ok, &ran("1\n", "", None)).outcome, "panic");
    }
}
