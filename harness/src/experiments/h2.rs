//! H2: the overheads the design named one by one: transactions, handle validation,
//! clones, memory pressure, whole-program slowdown and code size.

use super::kernels::{self, Kernel};
use super::variants::counter_rows;
use super::{codesize, engines, lookup, md_table, num, probe, verdict, Ctx, Row, Section};
use crate::backends::BACKENDS;
use crate::bench::cli::default_results_dir;
use crate::bench::dataset::Dataset;
use crate::bench::engine::REFERENCE;
use crate::bench::{run_once, Engine};

/// A claimed range, compared through its geometric middle.
fn mid(lo: f64, hi: f64) -> f64 {
    (lo * hi).sqrt()
}

pub fn run(ctx: &Ctx, h1: &[Row], ablation: &[Row]) -> Section {
    let mut rows = Vec::new();
    let cn = ctx.size(20_000, 100_000);
    for k in kernels::H1 {
        match probe::local("transaction", k.name, cn, &[]) {
            Ok(p) => rows.extend(counter_rows(k, "transaction", &p, cn, "default build")),
            Err(e) => ctx.say(&format!("counters transaction/{}: {e}", k.name)),
        }
        ctx.say(&format!("H2 counters: {} on transaction", k.name));
    }
    rows.extend(memory_pressure(ctx));
    let root = default_results_dir();
    let root = root.parent().unwrap_or(&root);
    rows.extend(codesize::measure(root));
    let claims = claims(ctx, h1, ablation, &rows);
    let detail = detail(h1, ablation, &rows);
    let markdown = format!(
        "{}\n\nMechanism counters per operation (default build: transaction; ablation build: \
         borrow checks of refcell and guard) and the time each backend adds over unsafe:\n\n{}",
        md_table(
            &["overhead", "claimed", "measured", "verdict", "how"],
            &claims
        ),
        detail
    );
    Section {
        key: "h2",
        rows,
        markdown,
        verdicts: super::verdict_lines("H2", &claims),
    }
}

/// Bytes per small table kept alive, from two sizes (start-up cancels).
fn memory_pressure(ctx: &Ctx) -> Vec<Row> {
    let k = kernels::find("alloc_tables").expect("alloc_tables kernel");
    let (n1, n2) = (ctx.size(10_000, 40_000), ctx.size(50_000, 200_000));
    let mut rows = Vec::new();
    for e in engines() {
        let bytes = |n: i64| -> Option<f64> {
            match e {
                Engine::Backend(b) => probe::local(b, k.name, n, &[])
                    .ok()
                    .map(|p| p.heap_bytes as f64),
                _ => run_once(e, k.source, n, true)
                    .peak_heap_bytes
                    .map(|b| b as f64),
            }
        };
        if let (Some(a), Some(b)) = (bytes(n1), bytes(n2)) {
            let per = (b - a) / (n2 - n1) as f64;
            ctx.say(&format!(
                "H2 memory: {:.0} bytes per table on {}",
                per,
                e.name()
            ));
            rows.push(Row::new(k.name, e.name(), "bytes_per_table", per, "bytes"));
        }
    }
    rows
}

fn per_op(rows: &[Row], k: &Kernel, engine: &str, metric: &str) -> Option<f64> {
    lookup(rows, k.name, engine, metric)
}

fn claims(ctx: &Ctx, h1: &[Row], ablation: &[Row], rows: &[Row]) -> Vec<Vec<String>> {
    let f = |x: Option<f64>| x.map_or("–".to_string(), num);
    let mut out = Vec::new();
    // Transactions: the time transaction adds over refcell on the table kernel (whose
    // writes go through the queue), over the commits it makes per operation.
    let table = kernels::find("table").expect("table kernel");
    let extra = per_op(h1, &table, "transaction", "cycles_per_op")
        .zip(per_op(h1, &table, "refcell", "cycles_per_op"))
        .map(|(t, r)| t - r);
    let commits = per_op(rows, &table, "transaction", "commits_per_op");
    let per_commit = extra.zip(commits.filter(|c| *c > 0.0)).map(|(e, c)| e / c);
    out.push(vec![
        "transaction create + commit (cycles)".into(),
        "300–700".into(),
        f(per_commit),
        verdict(mid(300.0, 700.0), per_commit.unwrap_or(f64::NAN)),
        format!(
            "table kernel: transaction − refcell cycles per access ({}) over commits per access ({}); an upper bound",
            f(extra),
            f(commits)
        ),
    ]);
    // Handle validation: the unsafe backend's checked build against its unchecked one.
    let checked = lookup(ablation, "table", "unsafe+checked", "ns_per_op")
        .zip(lookup(ablation, "table", "unsafe", "ns_per_op"))
        .map(|(c, u)| ctx.cycles(c - u));
    // A difference under one cycle cannot be told from noise: it is reported as a bound.
    let (shown, judged) = match checked {
        Some(c) if c < 1.0 => (
            format!("< 1 (difference {c:.2}, within noise)"),
            format!("refuted (≤ ×{:.3}, at the bound)", 1.0 / mid(20.0, 50.0)),
        ),
        _ => (
            f(checked),
            verdict(mid(20.0, 50.0), checked.unwrap_or(f64::NAN)),
        ),
    };
    out.push(vec![
        "handle validation per access (cycles)".into(),
        "20–50".into(),
        shown,
        judged,
        "table kernel: unsafe `checked` − unchecked, ablation build vs default build".into(),
    ]);
    // Memory pressure: bytes per kept table against the reference.
    let refb = lookup(rows, "alloc_tables", REFERENCE, "bytes_per_table");
    let txb = lookup(rows, "alloc_tables", "transaction", "bytes_per_table");
    let ratio = txb.zip(refb).map(|(t, r)| t / r);
    out.push(vec![
        "memory pressure (× reference)".into(),
        "5–10×".into(),
        f(ratio),
        verdict(mid(5.0, 10.0), ratio.unwrap_or(f64::NAN)),
        format!(
            "bytes per small table kept alive: transaction {} vs reference {}",
            f(txb),
            f(refb)
        ),
    ]);
    // Whole programs: the benchmark suite's geometric mean, when `luatb bench` has run.
    let results = default_results_dir();
    let geo = Dataset::load(&results.join("bench.csv"), &results.join("skipped.csv"))
        .ok()
        .flatten()
        .and_then(|d| {
            d.geomeans()
                .into_iter()
                .find(|g| g.engine == "transaction")
                .map(|g| (g.all, g.count, d.date.clone()))
        });
    out.push(vec![
        "whole programs (× reference time)".into(),
        "10–100×".into(),
        f(geo.as_ref().map(|g| g.0)),
        verdict(mid(10.0, 100.0), geo.as_ref().map_or(f64::NAN, |g| g.0)),
        geo.map_or("no results/bench.csv: run `luatb bench`".into(), |g| {
            format!(
                "geometric mean over {} programs of `luatb bench` ({})",
                g.1, g.2
            )
        }),
    ]);
    // Code size: the transaction crate against the unsafe one (no borrow constraints).
    let lines = |b: &str| lookup(rows, "strategy crate", b, "code_lines");
    let code = lines("transaction")
        .zip(lines("unsafe"))
        .map(|(t, u)| t / u);
    out.push(vec![
        "code size (× unconstrained)".into(),
        "2–3×".into(),
        f(code),
        verdict(mid(2.0, 3.0), code.unwrap_or(f64::NAN)),
        format!(
            "code lines: {}; semantics layer lines naming a backend: {}",
            BACKENDS
                .iter()
                .map(|b| format!("{b} {}", f(lines(b))))
                .collect::<Vec<_>>()
                .join(", "),
            BACKENDS
                .iter()
                .map(|b| f(lookup(
                    rows,
                    "semantics layer touched",
                    b,
                    "core_lines_touched"
                )))
                .collect::<Vec<_>>()
                .join("/")
        ),
    ]);
    out
}

fn detail(h1: &[Row], ablation: &[Row], rows: &[Row]) -> String {
    let f = |x: Option<f64>| x.map_or("–".to_string(), num);
    let mut table = Vec::new();
    for k in kernels::H1 {
        let t = |m: &str| per_op(rows, k, "transaction", m);
        let extra = |b: &str| {
            per_op(h1, k, b, "cycles_per_op")
                .zip(per_op(h1, k, "unsafe", "cycles_per_op"))
                .map(|(x, u)| x - u)
        };
        table.push(vec![
            k.label.to_string(),
            f(t("commits_per_op")),
            f(t("queued_writes_per_op")),
            f(t("clones_per_op")),
            f(t("protections_per_op")),
            f(per_op(ablation, k, "refcell", "borrows_per_op")),
            f(per_op(ablation, k, "guard", "borrows_per_op")),
            f(extra("transaction")),
            f(extra("refcell")),
            f(extra("guard")),
        ]);
    }
    md_table(
        &[
            "operation",
            "commits",
            "queued writes",
            "clones",
            "protections",
            "refcell borrows",
            "guard borrows",
            "transaction +cycles",
            "refcell +cycles",
            "guard +cycles",
        ],
        &table,
    )
}
