//! The benchmark programs and the sizes each mode runs them at.
//!
//! Every program reads its size from the global `N` and prints a checksum, which the
//! runner compares across engines. Sizes are set so that the reference Lua takes roughly
//! 20 ms per run in quick mode and 50-100 ms in the default mode (release build); the
//! luatb backends and piccolo take 2 to 20 times as long.

/// One benchmark program.
#[derive(Debug)]
pub struct Workload {
    pub name: &'static str,
    pub source: &'static str,
    /// Size for tests: a few milliseconds even in a debug build.
    pub tiny: i64,
    pub quick: i64,
    pub default: i64,
    /// Sizes for `--sweep`, ascending.
    pub sweep: &'static [i64],
}

impl Workload {
    /// What the program exercises: its first comment line.
    pub fn description(&self) -> &'static str {
        let first = self.source.lines().next().unwrap_or("");
        first.trim_start_matches("--").trim()
    }
}

macro_rules! workload {
    ($name:literal, $tiny:expr, $quick:expr, $default:expr, [$($s:expr),*]) => {
        Workload {
            name: $name,
            source: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/bench/", $name, ".lua")),
            tiny: $tiny,
            quick: $quick,
            default: $default,
            sweep: &[$($s),*],
        }
    };
}

/// Every workload, in the order tables and charts list them.
pub const WORKLOADS: &[Workload] = &[
    workload!("fib", 12, 29, 31, [24, 26, 28, 30, 32]),
    workload!(
        "array",
        1000,
        200_000,
        500_000,
        [75_000, 150_000, 300_000, 600_000, 1_200_000]
    ),
    workload!(
        "hash",
        1000,
        80_000,
        200_000,
        [25_000, 50_000, 100_000, 200_000, 400_000]
    ),
    workload!(
        "oop",
        1000,
        120_000,
        300_000,
        [40_000, 80_000, 160_000, 320_000, 640_000]
    ),
    workload!(
        "closures",
        1000,
        80_000,
        200_000,
        [25_000, 50_000, 100_000, 200_000, 400_000]
    ),
    workload!(
        "strbuild",
        500,
        25_000,
        60_000,
        [8_000, 16_000, 32_000, 64_000, 128_000]
    ),
    workload!(
        "strops",
        200,
        15_000,
        40_000,
        [4_000, 8_000, 16_000, 32_000, 64_000]
    ),
    workload!(
        "coroutines",
        500,
        50_000,
        150_000,
        [15_000, 30_000, 60_000, 120_000, 240_000]
    ),
    workload!("bintrees", 6, 11, 12, [9, 10, 11, 12, 13]),
    workload!(
        "nbody",
        200,
        10_000,
        30_000,
        [5_000, 10_000, 20_000, 40_000, 80_000]
    ),
    workload!("spectral", 20, 110, 200, [50, 100, 150, 200, 300]),
    workload!("mandelbrot", 20, 200, 320, [100, 150, 200, 300, 400]),
    workload!(
        "sort",
        500,
        15_000,
        40_000,
        [5_000, 10_000, 20_000, 40_000, 80_000]
    ),
    workload!(
        "sieve",
        2000,
        150_000,
        400_000,
        [50_000, 100_000, 200_000, 400_000, 800_000]
    ),
    workload!("queens", 6, 10, 11, [7, 8, 9, 10, 11]),
    workload!("matmul", 10, 80, 110, [40, 60, 80, 110, 150]),
    workload!("fannkuch", 5, 8, 9, [6, 7, 8, 9]),
    workload!("json", 2, 10, 30, [5, 10, 20, 40, 80]),
    workload!("interp", 50, 500, 1500, [250, 500, 1000, 2000, 4000]),
];

/// The workload called `name`.
pub fn find(name: &str) -> Option<&'static Workload> {
    WORKLOADS.iter().find(|w| w.name == name)
}
