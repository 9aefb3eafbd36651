//! H1: the cost of one operation of each kind, per engine, in ns, cycles and instructions.

use super::callgrind::Runner;
use super::kernels::{self, Kernel, BASELINE};
use super::timing::{self, engine_job};
use super::{chart, engines, lookup, md_table, num, verdict, Ctx, Row, Section};
use crate::backends::BACKENDS;
use crate::bench::engine::REFERENCE;

/// Claimed cycles per operation: the transaction design, and the hybrid design.
pub const CLAIMS: &[(&str, f64, f64)] = &[
    ("register", 200.0, 5.0),
    ("table", 1000.0, 20.0),
    ("closure", 2000.0, 200.0),
    ("upvalue", 500.0, 10.0),
    ("call", 5000.0, 300.0),
    ("dispatch", 300.0, 15.0),
];

pub fn run(ctx: &Ctx, with_callgrind: bool) -> Section {
    let n = ctx.size(200_000, 2_000_000);
    let all: Vec<Kernel> = std::iter::once(BASELINE)
        .chain(kernels::H1.iter().copied())
        .collect();
    let mut jobs = Vec::new();
    for k in &all {
        for e in engines() {
            jobs.push(engine_job(e, k.name, k.source.to_string(), n));
        }
    }
    let times = timing::interleaved(ctx, "H1 timing", jobs);
    let ne = engines().len();
    let mut rows = Vec::new();
    for (ki, k) in all.iter().enumerate().skip(1) {
        for (ei, e) in engines().into_iter().enumerate() {
            let (Ok(t), Ok(b)) = (&times[ki * ne + ei], &times[ei]) else {
                continue;
            };
            let ns = timing::ns_per_op(*t, *b, n, k.ops);
            rows.push(Row::new(k.name, e.name(), "ns_per_op", ns, "ns"));
            rows.push(Row::new(
                k.name,
                e.name(),
                "cycles_per_op",
                ctx.cycles(ns),
                "cycles",
            ));
        }
    }
    if with_callgrind && super::callgrind::version().is_some() {
        rows.extend(instructions(ctx, &all));
    }
    let (markdown, claims) = render(ctx, &rows);
    let mut verdicts = Vec::new();
    for c in &claims {
        let v = |cols: [usize; 3], what: &str| {
            vec![
                format!("{} ({what}, cycles)", c[0]),
                c[cols[0]].clone(),
                c[cols[1]].clone(),
                c[cols[2]].clone(),
            ]
        };
        verdicts.push(v([1, 2, 3], "transaction"));
        verdicts.push(v([4, 5, 6], "hybrid ≈ unsafe"));
        verdicts.push(v([7, 8, 9], "speed-up"));
    }
    Section {
        key: "h1",
        rows,
        markdown,
        verdicts: super::verdict_lines("H1", &verdicts),
    }
}

fn instructions(ctx: &Ctx, all: &[Kernel]) -> Vec<Row> {
    let (n1, n2) = (ctx.size(1_000, 5_000), ctx.size(5_000, 25_000));
    let me = std::env::current_exe().unwrap_or_default();
    let lua54 = crate::reference::lua54_path();
    let mut runners: Vec<(&str, Runner)> = BACKENDS
        .iter()
        .map(|b| {
            (
                *b,
                Runner::Luatb {
                    exe: &me,
                    backend: b,
                },
            )
        })
        .collect();
    if let Some(p) = &lua54 {
        runners.push((REFERENCE, Runner::Lua54 { exe: p }));
    }
    let tmp = std::env::temp_dir();
    let mut rows = Vec::new();
    for (engine, runner) in &runners {
        let per: Vec<Result<f64, String>> = all
            .iter()
            .map(|k| {
                let r = runner.per_iteration(k, n1, n2, &tmp);
                match &r {
                    Ok(x) => ctx.say(&format!(
                        "callgrind {} on {engine}: {x:.1} instr/iter",
                        k.name
                    )),
                    Err(e) => ctx.say(&format!("callgrind {} on {engine}: {e}", k.name)),
                }
                r
            })
            .collect();
        let Ok(base) = &per[0] else { continue };
        for (k, r) in all.iter().zip(&per).skip(1) {
            if let Ok(x) = r {
                let v = (x - base) / f64::from(k.ops);
                rows.push(Row::new(
                    k.name,
                    engine,
                    "instructions_per_op",
                    v,
                    "instructions",
                ));
            }
        }
    }
    rows
}

fn render(ctx: &Ctx, rows: &[Row]) -> (String, Vec<Vec<String>>) {
    let names: Vec<&str> = engines().iter().map(|e| e.name()).collect();
    let mut header = vec!["operation"];
    header.extend(&names);
    let mut table = Vec::new();
    for k in kernels::H1 {
        let mut r = vec![k.label.to_string()];
        for e in &names {
            let ns = lookup(rows, k.name, e, "ns_per_op");
            let cy = lookup(rows, k.name, e, "cycles_per_op");
            let ins = lookup(rows, k.name, e, "instructions_per_op");
            let f = |x: Option<f64>| x.map_or("–".to_string(), num);
            r.push(format!("{} ns · {} cy · {} instr", f(ns), f(cy), f(ins)));
        }
        table.push(r);
    }
    let mut claims = Vec::new();
    for &(k, txn, hybrid) in CLAIMS {
        let label = kernels::find(k).map_or(k, |k| k.label);
        let t = lookup(rows, k, "transaction", "cycles_per_op");
        let u = lookup(rows, k, "unsafe", "cycles_per_op");
        let speedup = t.zip(u).map(|(t, u)| t / u);
        let instr = |e: &str| lookup(rows, k, e, "instructions_per_op");
        let instr_speedup = instr("transaction")
            .zip(instr("unsafe"))
            .map(|(t, u)| t / u);
        let f = |x: Option<f64>| x.map_or("–".to_string(), num);
        claims.push(vec![
            label.to_string(),
            num(txn),
            f(t),
            verdict(txn, t.unwrap_or(f64::NAN)),
            num(hybrid),
            f(u),
            verdict(hybrid, u.unwrap_or(f64::NAN)),
            format!("{}×", num(txn / hybrid)),
            speedup.map_or("–".into(), |s| format!("{}×", num(s))),
            verdict(txn / hybrid, speedup.unwrap_or(f64::NAN)),
            instr_speedup.map_or("–".into(), |s| format!("{}×", num(s))),
        ]);
    }
    let chart = chart::grouped(
        ctx,
        "h1_cycles",
        "H1: cycles per operation (baseline loop subtracted)",
        &format!("{} · cycles = ns × TSC GHz", ctx.meta.machine),
        kernels::H1.iter().map(|k| k.label.to_string()).collect(),
        names.iter().map(|s| s.to_string()).collect(),
        |g, s| lookup(rows, kernels::H1[g].name, names[s], "cycles_per_op"),
        "cycles per operation (log)",
    );
    let md = format!(
        "Per operation: wall-clock ns (median of interleaved rounds), cycles (ns × TSC \
         frequency), instructions (callgrind, two sizes).\n\n{}\n{}\n\n\
         Claims (cycles per operation), transaction backend against the claim for the \
         transaction design, unsafe backend against the claim for the hybrid design:\n\n{}",
        md_table(&header, &table),
        chart,
        md_table(
            &[
                "operation",
                "claimed (transaction)",
                "measured transaction",
                "verdict",
                "claimed (hybrid)",
                "measured unsafe",
                "verdict",
                "claimed speed-up",
                "measured speed-up",
                "verdict",
                "speed-up in instructions",
            ],
            &claims
        )
    );
    (md, claims)
}
