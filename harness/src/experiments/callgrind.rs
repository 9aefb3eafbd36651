//! Instructions executed, from `valgrind --tool=callgrind`: exact and repeatable, unlike
//! time. A kernel runs at two sizes in a fresh process and the difference is divided by
//! the size difference, which cancels start-up (VM creation, library loading, valgrind's
//! own) and leaves the per-iteration cost.

use super::kernels::{self, Kernel};
use std::path::Path;
use std::process::Command;

pub fn version() -> Option<String> {
    let out = Command::new("valgrind").arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Total instructions of one process run under callgrind.
fn count(program: &Path, args: &[String], tmp: &Path) -> Result<u64, String> {
    let file = tmp.join(format!("callgrind.{}.out", std::process::id()));
    let out = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", file.display()))
        .arg(program)
        .args(args)
        .output()
        .map_err(|e| format!("valgrind: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err
            .lines()
            .rev()
            .find(|l| !l.starts_with("=="))
            .unwrap_or("");
        return Err(format!("exit {}: {last}", out.status));
    }
    let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&file);
    text.lines()
        .find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| "no totals in callgrind output".into())
}

/// How to start one engine on a kernel of size `n`.
pub enum Runner<'a> {
    /// The harness binary's `experiments probe` for a backend.
    Luatb { exe: &'a Path, backend: &'a str },
    /// `lua5.4` on the kernel written to a file.
    Lua54 { exe: &'a Path },
}

impl Runner<'_> {
    fn instructions(&self, k: &Kernel, n: i64, tmp: &Path) -> Result<u64, String> {
        match self {
            Runner::Luatb { exe, backend } => {
                let args = ["experiments", "probe", backend, k.name, &n.to_string()];
                count(exe, &args.map(String::from), tmp)
            }
            Runner::Lua54 { exe } => {
                let file = tmp.join(format!("{}.lua", k.name));
                std::fs::write(&file, kernels::with_flags(k, &[])).map_err(|e| e.to_string())?;
                let args = [
                    "-e".to_string(),
                    format!("N = {n}"),
                    file.display().to_string(),
                ];
                count(exe, &args, tmp)
            }
        }
    }

    /// Instructions per iteration of `k`'s loop, at sizes `n1 < n2`.
    pub fn per_iteration(&self, k: &Kernel, n1: i64, n2: i64, tmp: &Path) -> Result<f64, String> {
        let a = self.instructions(k, n1, tmp)?;
        let b = self.instructions(k, n2, tmp)?;
        Ok((b as f64 - a as f64) / (n2 - n1) as f64)
    }
}
