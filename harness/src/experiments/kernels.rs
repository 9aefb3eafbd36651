//! The Lua kernels of the experiments (`harness/experiments/*.lua`), embedded so that a
//! spawned binary (a second build, or one under callgrind) runs exactly the same text.

/// A kernel: `N` sets its size; `ops` operations of interest happen per unit of `N`.
#[derive(Clone, Copy, Debug)]
pub struct Kernel {
    pub name: &'static str,
    /// What the kernel isolates, as shown in tables.
    pub label: &'static str,
    pub source: &'static str,
    pub ops: u32,
}

macro_rules! kernel {
    ($name:literal, $label:literal, $ops:expr) => {
        Kernel {
            name: $name,
            label: $label,
            source: include_str!(concat!("../../experiments/", $name, ".lua")),
            ops: $ops,
        }
    };
}

/// The loop every H1 kernel runs, measured alone to be subtracted.
pub const BASELINE: Kernel = kernel!("baseline", "empty loop", 1);

/// H1, one per row of the claimed table.
pub const H1: &[Kernel] = &[
    kernel!("register", "register access", 10),
    kernel!("table", "table access", 10),
    kernel!("closure", "closure creation", 4),
    kernel!("upvalue", "upvalue access", 10),
    kernel!("call", "function call", 5),
    kernel!("dispatch", "instruction dispatch", 10),
];

/// H5: each runs as is (re-entrant) and with `DIRECT` set (the same Lua work without the
/// re-entry), and prints how many re-entries it made.
pub const H5: &[Kernel] = &[
    kernel!("reenter_pcall_in_meta", "pcall in a metamethod", 1),
    kernel!("reenter_meta_in_pcall", "metamethod in pcall", 1),
    kernel!("reenter_coroutine_in_pcall", "coroutine in pcall", 1),
    kernel!("reenter_sort", "sort comparator in Lua", 1),
    kernel!("reenter_gsub", "gsub with a function", 1),
];

/// H2 and H3 memory kernels.
pub const MEMORY: &[Kernel] = &[
    kernel!("closures_kept", "closures kept alive", 1),
    kernel!("protos_kept", "prototypes kept alive", 1),
    kernel!("deep_stack", "recursion depth", 1),
    kernel!("alloc_tables", "small tables kept alive", 1),
    kernel!("gc_pause", "full collections", 1),
];

pub fn find(name: &str) -> Option<Kernel> {
    std::iter::once(&BASELINE)
        .chain(H1)
        .chain(H5)
        .chain(MEMORY)
        .find(|k| k.name == name)
        .copied()
}

/// The kernel's text with global flags (`DIRECT`, `SLOTS`) set before it.
pub fn with_flags(k: &Kernel, flags: &[&str]) -> String {
    let mut s: String = flags.iter().map(|f| format!("{f} = true; ")).collect();
    s.push_str(k.source);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::BACKENDS;

    #[test]
    fn every_kernel_runs_on_every_backend_with_its_flags() {
        let all = std::iter::once(&BASELINE).chain(H1).chain(H5).chain(MEMORY);
        for k in all {
            let flags: &[&str] = match k.name {
                n if n.starts_with("reenter_") => &["DIRECT"],
                "closures_kept" | "protos_kept" => &["SLOTS"],
                _ => &[],
            };
            for b in BACKENDS {
                for f in [&[][..], flags] {
                    let p = super::super::probe::local(b, k.name, 20, f);
                    assert!(p.is_ok(), "{} {f:?} on {b}: {p:?}", k.name);
                }
            }
        }
    }
}
