//! The code generator's tests that need Debian's `luac5.4`: its listing format, and its
//! messages for semantic errors. The generated code itself is compared with the vendored
//! reference's compiler (Lua 5.4.9) in `harness/tests/codegen_reference.rs`; Debian's
//! `luac5.4` is release 5.4.4, whose code differs from 5.4.9's in a few documented places
//! (the line of a call, and where a loop's breaks close their upvalues).

use crate::compiler::{compile, listing, undump};
use std::path::{Path, PathBuf};
use std::process::Command;

const LUAC: &str = "/usr/bin/luac5.4";

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/compiler/testdata")
}

/// Function addresses differ between runs; everything else must match.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        out.push_str("ADDR");
        rest = rest[i + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

fn luac(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(LUAC)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{LUAC} is needed for these tests: {e}"));
    assert!(
        out.status.success(),
        "luac {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn ours(dir: &Path, file: &str) -> String {
    let src = std::fs::read(dir.join(file)).expect("read corpus file");
    let p = compile(&src, &format!("@{file}")).unwrap_or_else(|e| panic!("{file}: {e}"));
    normalize(&listing(&p, true))
}

/// First differing line with some context, or None.
fn first_difference(want: &str, got: &str) -> Option<String> {
    let (w, g): (Vec<_>, Vec<_>) = (want.lines().collect(), got.lines().collect());
    let n = w.len().max(g.len());
    (0..n).find(|&i| w.get(i) != g.get(i)).map(|i| {
        let lo = i.saturating_sub(3);
        let show = |v: &[&str]| v[lo.min(v.len())..(i + 4).min(v.len())].join("\n");
        format!(
            "line {}:\n--- want\n{}\n--- got\n{}",
            i + 1,
            show(&w),
            show(&g)
        )
    })
}

fn corpus_in(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("testdata dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".lua"))
        .collect();
    files.sort();
    files
}

/// `listing` prints what `luac5.4 -l -l` prints, for luac's own code: each corpus program
/// is compiled by luac5.4 (`-o -`), read back with `undump`, and listed by us.
#[test]
fn listing_matches_luac() {
    let dir = testdata();
    let files = corpus_in(&dir);
    assert!(files.len() >= 2, "corpus missing");
    let mut failures = Vec::new();
    for f in &files {
        let want = normalize(&String::from_utf8_lossy(&luac(
            &dir,
            &["-l", "-l", "-p", f],
        )));
        let code = undump(&luac(&dir, &["-o", "-", f])).unwrap_or_else(|e| panic!("{f}: {e}"));
        if let Some(d) = first_difference(&want, &normalize(&listing(&code, true))) {
            failures.push(format!("== {f}: {d}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The `[line]` column of instruction lines, blanked.
fn without_lines(s: &str) -> String {
    s.lines()
        .map(|l| match l.split_once("\t[") {
            Some((head, rest)) if l.starts_with('\t') => {
                format!("{head}\t[]{}", rest.split_once(']').map_or("", |r| r.1))
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Without the source, `generate` estimates the lines of closing tokens: the code must
/// still be identical to what `compile` makes from the source, and only some `[line]`
/// stamps may differ.
#[test]
fn generate_without_source_differs_at_most_in_lines() {
    let dir = testdata();
    let mut exact = 0;
    let files = corpus_in(&dir);
    for f in &files {
        let src = std::fs::read(dir.join(f)).expect("read corpus file");
        let chunkname = format!("@{f}");
        let ast = crate::compiler::parser::parse(&src, &chunkname).expect("parses");
        let p = crate::compiler::generate(&ast, &chunkname).expect("compiles");
        let (want, got) = (ours(&dir, f), normalize(&listing(&p, true)));
        exact += (want == got) as usize;
        let diff = first_difference(&without_lines(&want), &without_lines(&got));
        assert!(diff.is_none(), "{f}: {}", diff.unwrap_or_default());
    }
    eprintln!("without source: {exact}/{} exact", files.len());
    assert!(exact * 2 > files.len(), "line estimates got much worse");
}

/// `undump` refuses what is not a whole, well-formed chunk with an error, never a panic:
/// every prefix of a real chunk, and the chunk with each byte changed.
#[test]
fn undump_refuses_damaged_chunks() {
    let dir = testdata();
    let file = &corpus_in(&dir)[0];
    let chunk = luac(&dir, &["-o", "-", file]);
    assert!(undump(&chunk).is_ok());
    for n in 0..chunk.len() {
        assert!(undump(&chunk[..n]).is_err(), "prefix of {n} bytes accepted");
    }
    for i in 0..chunk.len() {
        let mut bad = chunk.clone();
        bad[i] ^= 0xa5;
        let _ = undump(&bad);
    }
}

/// Semantic errors found by code generation, checked against `luac5.4 -p`'s message.
#[test]
fn semantic_errors_match_luac() {
    let cases: &[&str] = &[
        "local x <const> = 1\nx = 2",
        "local x <const> = 1\nlocal y = 2\ny, x = 1, 2",
        "local x <close> = nil\nx = 1",
        "local t <const> = {}\nlocal function f() t = 1 end",
        "local k <const> = 5\nlocal function f() return function() k = 1 end end",
        "local s <const> = 'x'\nfunction s() end",
        "local m <const> = {}\nfunction m.f() end\nm = nil",
        "break",
        "\n\nbreak\n\n",
        "local function f()\n  break\nend\n",
        "if x then break end",
        "do\n  if x then break end\nend",
        "goto nowhere",
        "local function f()\n  goto out\nend\n::out::",
        "do goto a end\n::b::",
        "goto a\nlocal x\n::a::\nprint(x)",
        "do\n  goto a\n  local x = 1\n  ::a::\n  print(x)\nend",
        "repeat\n  goto a\n  local x\n  ::a::\nuntil x",
        "for i = 1, 2 do\n  goto c\n  local y\n  ::c::\n  y = 1\nend",
        "while true do break end\nbreak",
    ];
    let many_locals: String = (0..199).map(|i| format!("local a{i} = 1\n")).collect();
    let args: Vec<String> = (0..60).map(|i| i.to_string()).collect();
    let too_many_registers = format!("{many_locals}print({})", args.join(", "));
    let cases: Vec<&str> = cases
        .iter()
        .copied()
        .chain([too_many_registers.as_str()])
        .collect();
    let dir = std::env::temp_dir().join(format!("luatb-codegen-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut failures = Vec::new();
    for src in &cases {
        std::fs::write(dir.join("input"), src).expect("write case");
        let out = Command::new(LUAC)
            .current_dir(&dir)
            .args(["-p", "input"])
            .output()
            .unwrap_or_else(|e| panic!("{LUAC} is needed for these tests: {e}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let want = stderr
            .trim_end()
            .trim_start_matches(LUAC)
            .trim_start_matches(": ")
            .to_string();
        assert!(!out.status.success(), "luac accepted {src:?}");
        let got = match compile(src.as_bytes(), "@input") {
            Ok(_) => "compiled without error".to_string(),
            Err(e) => e.0,
        };
        if got != want {
            failures.push(format!("{src:?}\n  luac: {want}\n  ours: {got}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `luac -l` (one `-l`): headers and code only, same format.
#[test]
fn short_listing_matches_luac() {
    let dir = testdata();
    for f in ["basics.lua", "closures.lua", "tables.lua"] {
        let out = Command::new(LUAC)
            .current_dir(&dir)
            .args(["-l", "-p", f])
            .output()
            .unwrap_or_else(|e| panic!("{LUAC} is needed for these tests: {e}"));
        let want = normalize(&String::from_utf8_lossy(&out.stdout));
        let src = std::fs::read(dir.join(f)).expect("read corpus file");
        let p = compile(&src, &format!("@{f}")).expect("compiles");
        let got = normalize(&listing(&p, false));
        assert_eq!(first_difference(&want, &got), None, "{f}");
    }
}

/// The stand-in addresses are consistent: a CLOSURE names the function printed for it.
#[test]
fn closure_comments_name_the_listed_functions() {
    let src = b"local function f() return function() end end\nlocal g = function() end";
    let p = compile(src, "=t").expect("compiles");
    let text = listing(&p, true);
    let headers: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split(" at ").nth(1).map(|a| a.trim_end_matches(')')))
        .collect();
    let closures: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("CLOSURE"))
        .filter_map(|l| l.rsplit("; ").next())
        .collect();
    assert_eq!(headers.len(), 4);
    assert_eq!(closures.len(), 3);
    for c in closures {
        assert!(headers[1..].contains(&c), "{c} not among {headers:?}");
    }
    assert!(
        text.starts_with("\nmain <t:0,0> (4 instructions at "),
        "{text}"
    );
}

/// Nesting as deep as the parser allows compiles on a test thread's default stack.
#[test]
fn deep_nesting_fits_the_stack() {
    let n = 190;
    let sources = [
        format!("x = {}1{}", "(".repeat(n), ")".repeat(n)),
        format!("x = {}1{}", "{".repeat(n), "}".repeat(n)),
        format!(
            "{} x = 1 {}",
            "if x then ".repeat(n / 2),
            "end ".repeat(n / 2)
        ),
        format!(
            "{} x = 1 {}",
            "x = function() ".repeat(n / 2),
            "end ".repeat(n / 2)
        ),
        format!("x = 1{}", " + x".repeat(20_000)),
        format!("x = y{}", ".z".repeat(20_000)),
        format!("x = f{}", "()".repeat(20_000)),
    ];
    for src in &sources {
        let r = compile(src.as_bytes(), "=deep");
        assert!(r.is_ok(), "{}: {:?}", &src[..40], r.err());
    }
}
