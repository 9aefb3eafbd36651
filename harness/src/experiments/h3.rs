//! H3: memory per function, stack memory against live values, and collector pauses.

use super::{claim_row, engines, lookup, md_table, num, probe, Ctx, Row, Section};
use crate::backends::BACKENDS;
use crate::bench::engine::REFERENCE;
use crate::bench::record::median;
use crate::bench::{run_once, Engine};
use luatb::compiler::compile;
use luatb::proto::{Constant, Proto};

/// The engine name of numbers shared by every luatb backend.
const LUATB: &str = "luatb";

/// Live values per frame of `deep_stack.lua`: `d`, `a`, `b` and `c`.
const LIVE_PER_FRAME: f64 = 4.0;

pub fn run(ctx: &Ctx) -> Section {
    let mut rows = Vec::new();
    for (kernel, metric) in [
        ("closures_kept", "bytes_per_closure"),
        ("protos_kept", "bytes_per_chunk"),
    ] {
        rows.extend(per_object(ctx, kernel, metric));
    }
    rows.extend(prototypes());
    rows.extend(stack(ctx));
    rows.extend(gc_pauses(ctx));
    let (markdown, claims) = render(&rows);
    Section {
        key: "h3",
        rows,
        markdown,
        verdicts: super::verdict_lines("H3", &claims),
    }
}

/// Heap bytes of one kept object: the kernel at two sizes, less the same kernel keeping
/// a placeholder (`SLOTS`) instead, so that the array holding them cancels.
fn per_object(ctx: &Ctx, kernel: &str, metric: &str) -> Vec<Row> {
    let k = super::kernels::find(kernel).expect("memory kernel");
    let (n1, n2) = (ctx.size(2_000, 10_000), ctx.size(10_000, 50_000));
    let mut rows = Vec::new();
    for e in engines() {
        let bytes = |n: i64, flags: &[&str]| -> Option<f64> {
            match e {
                Engine::Backend(b) => probe::local(b, kernel, n, flags)
                    .ok()
                    .map(|p| p.heap_bytes as f64),
                _ => {
                    let src = super::kernels::with_flags(&k, flags);
                    run_once(e, &src, n, true).peak_heap_bytes.map(|b| b as f64)
                }
            }
        };
        let slope =
            |flags: &[&str]| Some((bytes(n2, flags)? - bytes(n1, flags)?) / (n2 - n1) as f64);
        if let (Some(obj), Some(slot)) = (slope(&[]), slope(&["SLOTS"])) {
            ctx.say(&format!("H3 {metric} on {}: {:.0}", e.name(), obj - slot));
            rows.push(Row::new(kernel, e.name(), metric, obj - slot, "bytes"));
        }
    }
    rows
}

/// Bytes a prototype occupies, with everything it owns (nested prototypes included).
/// Prototypes belong to the semantics layer, not to the backends, which neither hold
/// nor count them, so their size is computed from the structure and is the same for
/// every backend.
pub fn proto_bytes(p: &Proto) -> usize {
    let strings: usize = p
        .constants
        .iter()
        .map(|c| match c {
            Constant::Str(s) => s.len(),
            _ => 0,
        })
        .sum();
    let names: usize = p.upvalues.iter().map(|u| u.name.len()).sum::<usize>()
        + p.loc_vars.iter().map(|l| l.name.len()).sum::<usize>();
    size_of::<Proto>()
        + p.code.capacity() * size_of::<luatb::opcode::Instruction>()
        + p.constants.capacity() * size_of::<Constant>()
        + p.upvalues.capacity() * size_of::<luatb::proto::UpvalDesc>()
        + p.line_info.capacity() * size_of::<u32>()
        + p.loc_vars.capacity() * size_of::<luatb::proto::LocVar>()
        + strings
        + names
        + p.protos.iter().map(proto_bytes).sum::<usize>()
}

/// The prototype of `function() return i end` (the closure kernel's), and of a whole
/// chunk of `protos_kept.lua` (its main function and that nested one).
fn prototypes() -> Vec<Row> {
    let mut rows = Vec::new();
    let nested = compile(b"local i = 1 return function() return i end", "=p");
    if let Some(p) = nested.as_ref().ok().and_then(|p| p.protos.first()) {
        rows.push(Row::new(
            "prototype",
            LUATB,
            "bytes_per_proto",
            proto_bytes(p) as f64,
            "bytes",
        ));
    }
    if let Ok(p) = compile(
        b"return function() return 12345 end",
        "=return function() return 12345 end",
    ) {
        // The chunk's name is its source text, held once by the chunk (nested prototypes
        // share it).
        let bytes = proto_bytes(&p) + p.source.len();
        rows.push(Row::new(
            "protos_kept",
            LUATB,
            "proto_bytes_per_chunk",
            bytes as f64,
            "bytes",
        ));
    }
    rows
}

/// The register file at the bottom of a deep recursion, against the values live there.
fn stack(ctx: &Ctx) -> Vec<Row> {
    let depth = ctx.size(200, 1_000);
    let mut rows = Vec::new();
    for b in BACKENDS {
        match probe::local(b, "deep_stack", depth, &[]) {
            Ok(p) => {
                let slots: f64 = p.last_line.parse().unwrap_or(f64::NAN);
                let ratio = slots / (depth as f64 * LIVE_PER_FRAME);
                ctx.say(&format!(
                    "H3 stack on {b}: {slots} slots, {ratio:.1}× live values"
                ));
                rows.push(Row::new("deep_stack", b, "stack_slots", slots, "slots"));
                rows.push(Row::new(
                    "deep_stack",
                    b,
                    "slots_per_live_value",
                    ratio,
                    "ratio",
                ));
            }
            Err(e) => ctx.say(&format!("H3 stack on {b}: {e}")),
        }
    }
    rows
}

/// Full-collection pauses, timed by the kernel with `os.clock`; an engine whose
/// `collectgarbage("collect")` frees nothing has no collector and gets no pause rows.
fn gc_pauses(ctx: &Ctx) -> Vec<Row> {
    let n = ctx.size(50_000, 200_000);
    let k = super::kernels::find("gc_pause").expect("gc_pause kernel");
    let mut rows = Vec::new();
    for e in engines() {
        let r = run_once(e, k.source, n, false);
        let text = String::from_utf8_lossy(&r.output).into_owned();
        let mut lines = text.lines();
        let has = lines.next() == Some("collector");
        if let Some(err) = r.error {
            ctx.say(&format!("H3 GC on {}: {err}", e.name()));
            continue;
        }
        rows.push(Row::new(
            "gc_pause",
            e.name(),
            "has_collector",
            f64::from(u8::from(has)),
            "bool",
        ));
        if !has {
            ctx.say(&format!(
                "H3 GC on {}: no collector (nothing freed)",
                e.name()
            ));
            continue;
        }
        let mut ms: Vec<f64> = lines
            .filter_map(|l| l.parse::<f64>().ok())
            .map(|s| s * 1e3)
            .collect();
        ms.sort_by(f64::total_cmp);
        let pick = |q: f64| {
            ms.get(((ms.len() as f64 - 1.0) * q).round() as usize)
                .copied()
        };
        let stats = [
            ("pause_p50_ms", Some(median(&ms))),
            ("pause_p99_ms", pick(0.99)),
            ("pause_max_ms", ms.last().copied()),
        ];
        for (m, v) in stats {
            if let Some(v) = v {
                rows.push(Row::new("gc_pause", e.name(), m, v, "ms"));
            }
        }
        ctx.say(&format!(
            "H3 GC on {}: {} pauses, p50 {:.2} ms",
            e.name(),
            ms.len(),
            median(&ms)
        ));
    }
    rows
}

fn render(rows: &[Row]) -> (String, Vec<Vec<String>>) {
    let f = |x: Option<f64>| x.map_or("–".to_string(), num);
    let names: Vec<&str> = engines().iter().map(|e| e.name()).collect();
    let mut header = vec!["measure"];
    header.extend(&names);
    let line = |label: &str, item: &str, metric: &str| {
        let mut r = vec![label.to_string()];
        r.extend(names.iter().map(|e| f(lookup(rows, item, e, metric))));
        r
    };
    let gc = |label: &str, metric: &str| {
        let mut r = vec![label.to_string()];
        r.extend(
            names
                .iter()
                .map(|e| match lookup(rows, "gc_pause", e, "has_collector") {
                    Some(0.0) => "no collector".into(),
                    None => "–".into(),
                    _ => f(lookup(rows, "gc_pause", e, metric)),
                }),
        );
        r
    };
    let shared = |item: &str, metric: &str| lookup(rows, item, LUATB, metric);
    let proto = shared("prototype", "bytes_per_proto");
    let closure = |e: &str| lookup(rows, "closures_kept", e, "bytes_per_closure");
    // A luatb chunk: what the backend accounts for (closures, upvalues) plus the
    // prototypes the semantics layer owns; the reference counts both itself.
    let chunk = |e: &str| {
        let measured = lookup(rows, "protos_kept", e, "bytes_per_chunk");
        if e == REFERENCE {
            measured
        } else {
            measured
                .zip(shared("protos_kept", "proto_bytes_per_chunk"))
                .map(|(m, p)| m + p)
        }
    };
    let per_fn = |e: &str| -> Option<f64> {
        if e == REFERENCE {
            closure(e).zip(chunk(e)).map(|(c, k)| c + (k - c) / 2.0)
        } else {
            closure(e).zip(proto).map(|(c, p)| c + p)
        }
    };
    let by = |label: &str, f2: &dyn Fn(&str) -> Option<f64>| {
        let mut r = vec![label.to_string()];
        r.extend(names.iter().map(|e| f(f2(e))));
        r
    };
    let table = vec![
        by("bytes per closure (with its upvalue)", &closure),
        by("bytes per prototype of `function() return i end`", &|e| {
            (e != REFERENCE).then_some(proto).flatten()
        }),
        by(
            "bytes per loaded chunk (2 prototypes, 1 closure, source)",
            &chunk,
        ),
        by("per-function overhead (closure + prototype)", &per_fn),
        line("stack slots at depth N", "deep_stack", "stack_slots"),
        line(
            "stack slots per live value",
            "deep_stack",
            "slots_per_live_value",
        ),
        gc("full-collection pause p50 (ms)", "pause_p50_ms"),
        gc("full-collection pause p99 (ms)", "pause_p99_ms"),
        gc("full-collection pause max (ms)", "pause_max_ms"),
    ];
    let stack_ratio = |e: &str| lookup(rows, "deep_stack", e, "slots_per_live_value");
    let pause = lookup(rows, "gc_pause", "unsafe", "pause_p50_ms");
    let claims = vec![
        claim_row(
            "per-function overhead, transaction (bytes)",
            "~1 KB",
            1024.0,
            per_fn("transaction"),
        ),
        claim_row(
            "per-function overhead, hybrid ≈ unsafe (bytes)",
            "~100 B",
            100.0,
            per_fn("unsafe"),
        ),
        claim_row(
            "stack memory, transaction (× live values)",
            "~10×",
            10.0,
            stack_ratio("transaction"),
        ),
        claim_row(
            "stack memory, hybrid ≈ unsafe (× live values)",
            "~1.5×",
            1.5,
            stack_ratio("unsafe"),
        ),
        vec![
            "GC pause, hybrid ≈ unsafe, typical (ms)".into(),
            "< 1".into(),
            pause.map_or("not measured: no collector".into(), num),
            match pause {
                Some(p) if p < 1.0 => "confirmed".into(),
                Some(p) => format!("refuted (×{})", num(p)),
                None => "not measured".into(),
            },
        ],
    ];
    let md = format!(
        "{}\nThe backends account for closures and upvalues; prototypes belong to the \
         semantics layer and are sized from their structure (the same for every backend). \
         The reference's per-function overhead is its closure plus half of a loaded chunk \
         less that chunk's closure; its bytes come from `lua_gc` counts sampled during \
         the run. Pauses are full collections (`collectgarbage()`) with N small tables \
         live, 31 of them per engine (so p99 is the maximum).\n\n{}",
        md_table(&header, &table),
        md_table(&["claim", "claimed", "measured", "verdict"], &claims)
    );
    (md, claims)
}
