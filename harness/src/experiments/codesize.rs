//! Code size: lines of Rust per strategy crate, and how much of the semantics layer
//! (the core crate) knows about any backend by name.

use super::Row;
use crate::backends::BACKENDS;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Lines that are neither blank nor only a comment.
pub fn code_lines(dir: &Path) -> usize {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|s| {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("//"))
                .count()
        })
        .sum()
}

/// Lines of the core crate that mention a backend: its crate, its type, or a test on
/// `HeapBackend::NAME`. A generic semantics layer has none.
pub fn core_mentions(core: &Path, backend: &str) -> usize {
    let mut files = Vec::new();
    rust_files(core, &mut files);
    let needles = [format!("luatb_{backend}"), format!("NAME == \"{backend}\"")];
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|s| {
            s.lines()
                .filter(|l| needles.iter().any(|n| l.contains(n.as_str())))
                .count()
        })
        .sum()
}

/// Rows: `code_lines` per strategy crate and for the core, `core_lines_touched` per
/// backend.
pub fn measure(root: &Path) -> Vec<Row> {
    let core = root.join("src");
    let mut rows = vec![Row::new(
        "semantics layer (src/)",
        "",
        "code_lines",
        code_lines(&core) as f64,
        "lines",
    )];
    for b in BACKENDS {
        let dir = root.join("strategies").join(b).join("src");
        rows.push(Row::new(
            "strategy crate",
            b,
            "code_lines",
            code_lines(&dir) as f64,
            "lines",
        ));
        rows.push(Row::new(
            "semantics layer touched",
            b,
            "core_lines_touched",
            core_mentions(&core, b) as f64,
            "lines",
        ));
    }
    rows
}
