//! `luatb diff`: run Lua files on every backend and on the reference Lua 5.4, and report
//! every difference, naming the engine that disagrees.

use crate::backends::{dispatch, BACKENDS};
use crate::oracle::{compare, run_backend, Mismatch};
use crate::reference::{run_lua54, run_reference, Outcome};
use std::path::{Path, PathBuf};

/// One file's verdict on one engine.
#[derive(Clone, Debug)]
pub enum Verdict {
    Same,
    Differs(Mismatch),
}

/// The results of a diff run.
pub struct Report {
    pub engines: Vec<String>,
    /// `(file, verdict per engine, reference error if the reference itself failed)`.
    pub rows: Vec<(String, Vec<Verdict>)>,
}

impl Report {
    pub fn mismatches(&self) -> usize {
        self.rows
            .iter()
            .flat_map(|(_, v)| v)
            .filter(|v| matches!(v, Verdict::Differs(_)))
            .count()
    }
}

/// Every `.lua` file under the given paths (directories are searched recursively).
pub fn collect_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        walk(p, &mut out);
    }
    out.sort();
    out
}

/// The shared suite as the tests see it: the programs in `dir` and `dir/errors` (not the
/// modules they `require`), to be run from `dir`'s parent, where their `package.path`
/// entries (`scripts/modules/?.lua`) are relative to.
pub fn suite_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in [dir.to_path_buf(), dir.join("errors")] {
        if let Ok(rd) = std::fs::read_dir(&d) {
            out.extend(
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "lua")),
            );
        }
    }
    out.sort();
    out
}

/// Make the suite's relative paths resolve: run from the directory holding `scripts/`.
pub fn enter_suite_dir(dir: &Path) {
    if let Some(parent) = dir.parent() {
        let _ = std::env::set_current_dir(parent);
    }
}

fn walk(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                walk(&e.path(), out);
            }
        }
    } else if p.extension().is_some_and(|x| x == "lua") {
        out.push(p.to_path_buf());
    }
}

/// Run `files` on the chosen backends (all when empty), printing a line per file as it goes.
pub fn run(files: &[PathBuf], backends: &[String], with_lua54: bool) -> Report {
    let names: Vec<String> = if backends.is_empty() {
        BACKENDS.iter().map(|s| s.to_string()).collect()
    } else {
        backends.to_vec()
    };
    let mut engines = names.clone();
    if with_lua54 {
        engines.push("lua5.4".into());
    }
    let mut rows = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let display = path.display().to_string();
        let src = std::fs::read(path).unwrap_or_default();
        let chunkname = format!(
            "@{}",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
        // The vendored reference has no debug library (see `oracle::uses_debug_library`).
        let reference = if crate::oracle::uses_debug_library(&src) {
            run_lua54(&src, &chunkname).unwrap_or_else(|| Outcome {
                stdout: Vec::new(),
                error: Some("<uses the debug library: needs lua5.4 installed>".into()),
            })
        } else {
            run_reference(&src, &chunkname)
        };
        let mut verdicts = Vec::new();
        for name in &names {
            let got: Outcome = dispatch!(name.as_str(), run_backend, &src, &chunkname)
                .unwrap_or_else(|| Outcome {
                    stdout: Vec::new(),
                    error: Some(format!("unknown backend '{name}'")),
                });
            verdicts.push(match compare(&reference, name, &got) {
                Ok(()) => Verdict::Same,
                Err(m) => Verdict::Differs(m),
            });
        }
        if with_lua54 {
            if let Some(got) = run_lua54(&src, &chunkname) {
                verdicts.push(match compare(&reference, "lua5.4", &got) {
                    Ok(()) => Verdict::Same,
                    Err(m) => Verdict::Differs(m),
                });
            }
        }
        let marks: Vec<String> = verdicts
            .iter()
            .map(|v| match v {
                Verdict::Same => "ok".into(),
                Verdict::Differs(_) => "DIFFERS".into(),
            })
            .collect();
        eprintln!("[{}/{}] {display}: {}", i + 1, files.len(), marks.join(" "));
        rows.push((display, verdicts));
    }
    Report { engines, rows }
}

/// The table of files by engines, then the first difference of each mismatch.
pub fn render(report: &Report) -> String {
    let width = report
        .rows
        .iter()
        .map(|(f, _)| f.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!("{:width$}", "file");
    for e in &report.engines {
        out.push_str(&format!("  {e:>11}"));
    }
    out.push('\n');
    for (file, verdicts) in &report.rows {
        out.push_str(&format!("{file:width$}"));
        for v in verdicts {
            let mark = match v {
                Verdict::Same => "ok",
                Verdict::Differs(_) => "differs",
            };
            out.push_str(&format!("  {mark:>11}"));
        }
        out.push('\n');
    }
    let total = report.rows.len();
    for (k, e) in report.engines.iter().enumerate() {
        let same = report
            .rows
            .iter()
            .filter(|(_, v)| matches!(v.get(k), Some(Verdict::Same)))
            .count();
        out.push_str(&format!("{e}: {same}/{total} match the reference\n"));
    }
    for (file, verdicts) in &report.rows {
        for v in verdicts {
            if let Verdict::Differs(m) = v {
                out.push_str(&format!("\n{file}: {m}\n"));
            }
        }
    }
    out
}
