//! H6: register windows. What the window-to-stack sync and register protection cost the
//! transaction backend, against its `direct-upvalues` ablation (open upvalues point into
//! the windows, no sync) and against the flat stacks of the other backends.

use super::variants::counter_rows;
use super::{chart, kernels, lookup, md_table, num, probe, Ctx, Row, Section};

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
    let markdown = render(ctx, &rows);
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
