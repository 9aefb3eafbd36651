//! One run of a kernel on a luatb backend that keeps what the benchmark runner drops: the
//! backend's mechanism counters, its heap bytes, and the register file at a chosen point.
//!
//! The same run is reachable from another process as `luatb experiments probe BACKEND
//! KERNEL N [FLAG]...`, which prints [`Probe::line`]: that is how the runner measures a
//! second build of the harness (other cargo features) and how callgrind sees one kernel.

use super::kernels;
use crate::backends::dispatch;
use luatb::heap::Counters;
use luatb::vm::{CallCtx, Vm};
use luatb::{HeapBackend, Lua, LuaError, Value};
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

#[derive(Clone, Debug, Default)]
pub struct Probe {
    pub seconds: f64,
    pub heap_bytes: u64,
    pub counters: Counters,
    /// The kernel's last printed line (its result: a count, a size).
    pub last_line: String,
}

/// `probe()` in Lua: the running thread's register file size, in slots.
fn stack_slots<B: HeapBackend>(vm: &mut Vm<B>, _cx: CallCtx) -> Result<usize, LuaError<B>> {
    let n = vm.heap.stack_size() as i64;
    vm.push(Value::Int(n));
    Ok(1)
}

fn run<B: HeapBackend>(source: &str, n: i64) -> Result<Probe, String> {
    let mut lua = Lua::<B>::new();
    lua.capture_output();
    lua.set_global("N", Value::Int(n));
    lua.register("probe", stack_slots::<B>);
    let before = lua.vm.heap.counters();
    let start = Instant::now();
    let result = lua.exec(source.as_bytes(), "=kernel");
    let seconds = start.elapsed().as_secs_f64();
    result.map_err(|e| e.to_string())?;
    let after = lua.vm.heap.counters();
    let out = String::from_utf8_lossy(&lua.take_output()).into_owned();
    Ok(Probe {
        seconds,
        heap_bytes: lua.vm.heap.heap_bytes() as u64,
        counters: difference(after, before),
        last_line: out.lines().last().unwrap_or("").trim().to_string(),
    })
}

/// Counters of the kernel alone, without those of creating the VM and its libraries.
fn difference(a: Counters, b: Counters) -> Counters {
    Counters {
        commits: a.commits - b.commits,
        queued_writes: a.queued_writes - b.queued_writes,
        window_syncs: a.window_syncs - b.window_syncs,
        window_slots_copied: a.window_slots_copied - b.window_slots_copied,
        protections: a.protections - b.protections,
        clones: a.clones - b.clones,
        borrows: a.borrows - b.borrows,
    }
}

/// Run `kernel` with `flags` in this process.
pub fn local(backend: &str, kernel: &str, n: i64, flags: &[&str]) -> Result<Probe, String> {
    let k = kernels::find(kernel).ok_or_else(|| format!("unknown kernel {kernel}"))?;
    let src = kernels::with_flags(&k, flags);
    dispatch!(backend, run, &src, n).ok_or_else(|| format!("unknown backend {backend}"))?
}

/// Run `kernel` in the harness binary `exe` (a build with other features).
pub fn spawned(
    exe: &Path,
    backend: &str,
    kernel: &str,
    n: i64,
    flags: &[&str],
) -> Result<Probe, String> {
    let out = Command::new(exe)
        .args(["experiments", "probe", backend, kernel, &n.to_string()])
        .args(flags)
        .output()
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!("{backend}/{kernel}: {}", err.trim()));
    }
    Probe::parse(text.trim()).ok_or_else(|| format!("{backend}/{kernel}: bad probe line"))
}

impl Probe {
    /// Tab-separated: seconds, heap bytes, the seven counters, the last line.
    pub fn line(&self) -> String {
        let c = &self.counters;
        let nums = [
            c.commits,
            c.queued_writes,
            c.window_syncs,
            c.window_slots_copied,
            c.protections,
            c.clones,
            c.borrows,
        ];
        let nums: Vec<String> = nums.iter().map(u64::to_string).collect();
        format!(
            "{}\t{}\t{}\t{}",
            self.seconds,
            self.heap_bytes,
            nums.join("\t"),
            self.last_line
        )
    }

    pub fn parse(line: &str) -> Option<Probe> {
        let f: Vec<&str> = line.split('\t').collect();
        let u = |i: usize| f.get(i)?.parse::<u64>().ok();
        Some(Probe {
            seconds: f.first()?.parse().ok()?,
            heap_bytes: u(1)?,
            counters: Counters {
                commits: u(2)?,
                queued_writes: u(3)?,
                window_syncs: u(4)?,
                window_slots_copied: u(5)?,
                protections: u(6)?,
                clones: u(7)?,
                borrows: u(8)?,
            },
            last_line: f.get(9).unwrap_or(&"").to_string(),
        })
    }
}

/// `luatb experiments probe BACKEND KERNEL N [FLAG]...`
pub fn command(args: &[String]) -> ExitCode {
    let [backend, kernel, n, flags @ ..] = args else {
        eprintln!("usage: luatb experiments probe BACKEND KERNEL N [FLAG]...");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<i64>() else {
        eprintln!("luatb experiments probe: N must be an integer");
        return ExitCode::from(2);
    };
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    match local(backend, kernel, n, &flags) {
        Ok(p) => {
            println!("{}", p.line());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
