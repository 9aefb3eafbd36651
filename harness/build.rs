//! Turns `scripts/*.lua` and `scripts/errors/*.lua` into `case!(ident, "name", "path");`
//! lists for the test files to `include!`, so a new script becomes a test by existing.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let scripts = Path::new(&manifest).join("scripts");
    write_cases(&scripts, &Path::new(&out).join("suite_cases.rs"));
    write_cases(
        &scripts.join("errors"),
        &Path::new(&out).join("error_cases.rs"),
    );
}

fn write_cases(dir: &Path, dest: &Path) {
    // A directory is rescanned when any entry in it changes, so added files are picked up.
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "lua"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut text = String::new();
    for path in names {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name");
        let valid = stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && stem.starts_with(|c: char| c.is_ascii_alphabetic());
        assert!(
            valid,
            "script {} needs a name that can be a test name",
            path.display()
        );
        // Test functions live in their own module, so only Rust keywords need dodging.
        let ident = if is_keyword(stem) {
            format!("{stem}_")
        } else {
            stem.to_owned()
        };
        let path = path.to_str().expect("utf-8 path");
        writeln!(text, "case!({ident}, {stem:?}, {path:?});").expect("write to string");
    }
    std::fs::write(dest, text).expect("write case list");
}

fn is_keyword(s: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
        "true", "try", "type", "unsafe", "use", "where", "while", "abstract", "become", "box",
        "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield",
    ];
    KEYWORDS.contains(&s)
}
