//! The differential oracle: run a script on an engine and on the reference Lua, and say
//! precisely where they disagree.

use crate::reference::{run_lua54, run_reference, Outcome};
use luatb::HeapBackend;
use std::collections::HashMap;
use std::fmt;
use std::panic::AssertUnwindSafe;
use std::sync::{Mutex, OnceLock};

/// The VM may recurse on the native stack (metamethods, the parser, deep Lua recursion
/// before its own limit trips), so engine runs get a thread with room to spare.
const ENGINE_STACK: usize = 256 << 20;

/// Run `src` on a fresh [`luatb::Lua`] over backend `B`, capturing `print`.
/// A panic inside the engine is reported as an error outcome `<panic: ...>`, so that it
/// shows up as a mismatch naming the engine instead of tearing down the test harness.
pub fn run_backend<B: HeapBackend>(src: &[u8], chunkname: &str) -> Outcome {
    run_backend_with::<B>(src, chunkname, false)
}

/// [`run_backend`], optionally with the collector in stress mode (a full collection at
/// every allocation checkpoint). Pending finalizers run at the end, as lua.c's do.
pub fn run_backend_with<B: HeapBackend>(src: &[u8], chunkname: &str, stress: bool) -> Outcome {
    let src = src.to_vec();
    let chunkname = chunkname.to_owned();
    std::thread::Builder::new()
        .name(format!("engine-{}", B::NAME))
        .stack_size(ENGINE_STACK)
        .spawn(move || {
            let mut lua = luatb::Lua::<B>::new();
            lua.capture_output();
            // As `lua5.4 file.lua`, whose message handler the reference models too.
            lua.set_traceback(true);
            lua.set_gc_stress(stress);
            let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let r = lua.exec(&src, &chunkname);
                lua.close();
                r
            }));
            let error = match run {
                Ok(Ok(())) => None,
                Ok(Err(luatb::Error::Syntax(msg))) => Some(msg),
                Ok(Err(luatb::Error::Runtime { message, .. })) => Some(message),
                Err(payload) => Some(format!("<panic: {}>", panic_text(&*payload))),
            };
            Outcome {
                stdout: lua.take_output(),
                error,
            }
        })
        .expect("spawn engine thread")
        .join()
        .unwrap_or_else(|p| Outcome {
            stdout: Vec::new(),
            error: Some(format!("<panic: {}>", panic_text(&*p))),
        })
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_owned()
    }
}

/// How an engine's outcome differs from the reference's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub engine: String,
    /// The first stdout line that differs, if any.
    pub stdout: Option<Box<LineDiff>>,
    /// The error outcomes, when they differ.
    pub error: Option<Box<OutcomeDiff>>,
}

/// The first differing stdout line; `None` on a side whose output has already ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineDiff {
    /// 1-based.
    pub line: usize,
    pub expected: Option<String>,
    pub got: Option<String>,
}

/// Differing final outcomes: the error message, or `None` for success.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeDiff {
    pub expected: Option<String>,
    pub got: Option<String>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "engine `{}` disagrees with the reference", self.engine)?;
        if let Some(d) = &self.stdout {
            let show = |s: &Option<String>| match s {
                Some(s) => format!("{s:?}"),
                None => "<end of output>".to_owned(),
            };
            writeln!(f, "  stdout line {}:", d.line)?;
            writeln!(f, "    expected: {}", show(&d.expected))?;
            writeln!(f, "    got:      {}", show(&d.got))?;
        }
        if let Some(d) = &self.error {
            let show = |s: &Option<String>| match s {
                Some(s) => format!("error {s:?}"),
                None => "success".to_owned(),
            };
            writeln!(f, "  outcome:")?;
            writeln!(f, "    expected: {}", show(&d.expected))?;
            writeln!(f, "    got:      {}", show(&d.got))?;
        }
        Ok(())
    }
}

impl std::error::Error for Mismatch {}

/// Compare stdout line by line and the error outcome including its exact message.
pub fn compare(reference: &Outcome, engine_name: &str, got: &Outcome) -> Result<(), Mismatch> {
    let stdout = first_differing_line(&reference.stdout, &got.stdout).map(Box::new);
    let error = (reference.error != got.error).then(|| {
        Box::new(OutcomeDiff {
            expected: reference.error.clone(),
            got: got.error.clone(),
        })
    });
    if stdout.is_none() && error.is_none() {
        return Ok(());
    }
    Err(Mismatch {
        engine: engine_name.to_owned(),
        stdout,
        error,
    })
}

fn first_differing_line(expected: &[u8], got: &[u8]) -> Option<LineDiff> {
    if expected == got {
        return None;
    }
    // Splitting keeps a trailing empty piece, so a missing final newline still differs.
    let mut e = expected.split(|&b| b == b'\n');
    let mut g = got.split(|&b| b == b'\n');
    let text = |l: &[u8]| String::from_utf8_lossy(l).into_owned();
    // Unequal inputs always differ at some line, so `find` cannot run forever.
    (1..)
        .map(|line| (line, e.next(), g.next()))
        .find(|(_, a, b)| a != b)
        .map(|(line, a, b)| LineDiff {
            line,
            expected: a.map(text),
            got: b.map(text),
        })
}

type Cache = Mutex<HashMap<(String, Vec<u8>), Outcome>>;

/// The reference outcome of a script, computed once per process: every backend's test of
/// the same script shares it.
pub fn reference_outcome(chunkname: &str, src: &[u8]) -> Outcome {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (chunkname.to_owned(), src.to_vec());
    if let Some(hit) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return hit.clone();
    }
    // Computed outside the lock so scripts run in parallel; a race only duplicates work.
    let outcome = if uses_debug_library(src) {
        run_lua54(src, chunkname).expect("a script using the debug library needs lua5.4 installed")
    } else {
        run_reference(src, chunkname)
    };
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(key)
        .or_insert(outcome)
        .clone()
}

/// Whether a script uses the `debug` library, which the vendored reference lacks (mlua
/// loads it only through `unsafe` code, and this crate forbids that): the installed
/// `lua5.4` alone gives such a script's expected outcome.
pub fn uses_debug_library(src: &[u8]) -> bool {
    src.windows(6).any(|w| w == b"debug.")
}

/// The chunkname a suite script runs under, on every engine and the reference.
pub fn script_chunkname(name: &str) -> String {
    format!("@{name}.lua")
}

/// The chunkname an error program runs under.
pub fn error_chunkname(name: &str) -> String {
    format!("@errors/{name}.lua")
}

/// The body of every suite test: the script must succeed on the reference, and backend
/// `B` must print the same lines and succeed too.
pub fn check_script<B: HeapBackend>(name: &str, src: &[u8]) {
    let chunkname = script_chunkname(name);
    let reference = reference_outcome(&chunkname, src);
    if let Some(e) = &reference.error {
        panic!("suite script {name} fails on the reference Lua itself: {e}");
    }
    check(&reference, B::NAME, &run_backend::<B>(src, &chunkname));
}

/// [`check_script`] with the collector in stress mode.
pub fn check_script_stressed<B: HeapBackend>(name: &str, src: &[u8]) {
    let chunkname = script_chunkname(name);
    let reference = reference_outcome(&chunkname, src);
    if let Some(e) = &reference.error {
        panic!("suite script {name} fails on the reference Lua itself: {e}");
    }
    let got = run_backend_with::<B>(src, &chunkname, true);
    check(&reference, &format!("{} --gc-stress", B::NAME), &got);
}

/// The body of every error test: the program must fail on the reference, and backend `B`
/// must print the same lines, then fail with exactly the same message.
pub fn check_error_message<B: HeapBackend>(name: &str, src: &[u8]) {
    let chunkname = error_chunkname(name);
    let reference = reference_outcome(&chunkname, src);
    if reference.error.is_none() {
        panic!("error program {name} does not fail on the reference Lua");
    }
    check(&reference, B::NAME, &run_backend::<B>(src, &chunkname));
}

fn check(reference: &Outcome, engine: &str, got: &Outcome) {
    if let Err(m) = compare(reference, engine, got) {
        panic!("{m}");
    }
}

/// `(stem, contents)` of every `*.lua` file directly in `dir`, sorted by name.
pub fn lua_files(dir: impl AsRef<std::path::Path>) -> Vec<(String, Vec<u8>)> {
    let dir = dir.as_ref();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "lua"))
        .map(|p| {
            let stem = p.file_stem().and_then(|s| s.to_str()).expect("utf-8 name");
            (stem.to_owned(), std::fs::read(&p).expect("read script"))
        })
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(stdout: &str, error: Option<&str>) -> Outcome {
        Outcome {
            stdout: stdout.as_bytes().to_vec(),
            error: error.map(str::to_owned),
        }
    }

    #[test]
    fn reports_first_differing_line_and_outcome() {
        let want = outcome("a\nb\nc\n", None);
        assert!(compare(&want, "x", &want.clone()).is_ok());
        let m = compare(&want, "x", &outcome("a\nB\n", Some("boom"))).unwrap_err();
        let line = m.stdout.as_deref().unwrap();
        assert_eq!((line.line, line.expected.as_deref()), (2, Some("b")));
        assert_eq!(m.error.unwrap().got.as_deref(), Some("boom"));
        let m = compare(&want, "x", &outcome("a\nb\nc", None)).unwrap_err();
        let line = m.stdout.unwrap();
        assert_eq!(
            (line.line, line.expected, line.got),
            (4, Some(String::new()), None)
        );
    }

    #[test]
    fn error_message_alone_is_a_mismatch() {
        let m = compare(&outcome("", Some("a")), "eng", &outcome("", Some("b"))).unwrap_err();
        assert!(m.stdout.is_none());
        assert!(m.to_string().contains("engine `eng`"));
    }
}
