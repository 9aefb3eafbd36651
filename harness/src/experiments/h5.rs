//! H5: re-entrancy. Each scenario calls back into the VM from inside the VM (a native
//! that runs Lua, or the VM running a metamethod); it must work on every backend, and
//! its cost per re-entry is its time less the same Lua work done without re-entering,
//! over the number of re-entries the kernel counted.

use super::timing::{self, engine_job};
use super::{chart, engines, kernels, lookup, md_table, num, Ctx, Row, Section};

/// Iterations per scenario, quick and full: the sort and gsub kernels do many
/// re-entries per iteration.
fn size(ctx: &Ctx, kernel: &str) -> i64 {
    match kernel {
        "reenter_sort" => ctx.size(300, 3_000),
        "reenter_gsub" => ctx.size(3_000, 30_000),
        _ => ctx.size(50_000, 500_000),
    }
}

pub fn run(ctx: &Ctx) -> Section {
    let mut jobs = Vec::new();
    for k in kernels::H5 {
        let n = size(ctx, k.name);
        for e in engines() {
            jobs.push(engine_job(e, k.name, kernels::with_flags(k, &[]), n));
            let direct = format!("{} (direct)", k.name);
            jobs.push(engine_job(
                e,
                &direct,
                kernels::with_flags(k, &["DIRECT"]),
                n,
            ));
        }
    }
    let times = timing::interleaved(ctx, "H5 re-entrancy", jobs);
    let mut rows = Vec::new();
    let mut i = 0;
    for k in kernels::H5 {
        let n = size(ctx, k.name);
        for e in engines() {
            let (re, direct) = (&times[i], &times[i + 1]);
            i += 2;
            let ok = re.is_ok();
            rows.push(Row::new(
                k.name,
                e.name(),
                "works",
                f64::from(u8::from(ok)),
                "bool",
            ));
            // The count is deterministic per engine (the sort algorithm may differ).
            let count = crate::bench::run_once(e, &kernels::with_flags(k, &[]), n, false)
                .output
                .split(|b| *b == b'\n')
                .rfind(|l| !l.is_empty())
                .and_then(|l| std::str::from_utf8(l).ok()?.trim().parse::<f64>().ok());
            if let (Ok(t), Ok(d), Some(c)) = (re, direct, count) {
                let ns = (t - d) * 1e9 / c;
                rows.push(Row::new(k.name, e.name(), "reentries", c, "count"));
                rows.push(Row::new(k.name, e.name(), "ns_per_reentry", ns, "ns"));
                rows.push(Row::new(
                    k.name,
                    e.name(),
                    "cycles_per_reentry",
                    ctx.cycles(ns),
                    "cycles",
                ));
            }
        }
    }
    let markdown = render(ctx, &rows);
    let cells = rows.iter().filter(|r| r.metric == "works").count();
    let works = rows
        .iter()
        .filter(|r| r.metric == "works" && r.value > 0.0)
        .count();
    let verdict = if works == cells && cells > 0 {
        "confirmed solved"
    } else {
        "not solved everywhere"
    };
    let verdicts = vec![format!(
        "**H5** re-entrancy (pcall, metamethods, coroutines, sort, gsub): {works} of {cells} \
         scenario × engine cells work — {verdict}"
    )];
    Section {
        key: "h5",
        rows,
        markdown,
        verdicts,
    }
}

fn render(ctx: &Ctx, rows: &[Row]) -> String {
    let names: Vec<&str> = engines().iter().map(|e| e.name()).collect();
    let mut header = vec!["scenario"];
    header.extend(&names);
    let table: Vec<Vec<String>> = kernels::H5
        .iter()
        .map(|k| {
            let mut r = vec![k.label.to_string()];
            r.extend(names.iter().map(|e| {
                match lookup(rows, k.name, e, "works") {
                    Some(w) if w > 0.0 => lookup(rows, k.name, e, "ns_per_reentry")
                        .map_or("works".into(), |ns| format!("works, {} ns", num(ns))),
                    Some(_) => "**fails**".into(),
                    None => "–".into(),
                }
            }));
            r
        })
        .collect();
    let chart = chart::grouped(
        ctx,
        "h5_reentry",
        "H5: cost per re-entry (re-entrant run − direct run, per re-entry)",
        &ctx.meta.machine,
        kernels::H5.iter().map(|k| k.label.to_string()).collect(),
        names.iter().map(|s| s.to_string()).collect(),
        |g, s| lookup(rows, kernels::H5[g].name, names[s], "ns_per_reentry"),
        "ns per re-entry (log)",
    );
    format!("{}\n{}", md_table(&header, &table), chart)
}
