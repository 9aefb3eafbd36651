//! `luatb`: a `lua5.4`-compatible command line over any backend, plus the testbed's tools.
#![forbid(unsafe_code)]

use luatb::{Error, HeapBackend, Lua, Value};
use luatb_harness::backends::{self, BACKENDS};
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "\
usage: luatb [--backend NAME] [options] [script [args]]
Available options are:
  -e stat   execute string 'stat'
  -l        list the bytecode of the script instead of running it (like luac -l)
  -v        show version information
  --gc-stress             collect garbage at every allocation checkpoint
  --max-memory BYTES      raise \"not enough memory\" past this heap size
  --max-instructions N    raise an error once N VM instructions have run
  --count-steps           print the VM steps run (bytecodes, plus library work units)
  --sandbox               no io, dofile, loadfile; os keeps only clock, time, date,
                          difftime; require reads package.preload only;
                          collectgarbage refuses the options that retune the collector
  --        stop handling options
  -         stop handling options and execute stdin

luatb diff [--backend NAME]... [--no-lua54] [PATHS...]
  run Lua files (default: the shared suite) on every backend and the reference Lua 5.4

luatb fuzz [--cases N] [--seed S]   check generated programs on every backend against Lua 5.4
luatb bench|plot|report|all ...   benchmarks, charts, papers/results.md (see `luatb bench --help`)
luatb experiments [--quick]       the H1-H6 experiments and papers/paper.md (see `--help`)
Backends: ";

/// What the command line asked for, in order.
struct Invocation {
    backend: String,
    chunks: Vec<String>,
    list: bool,
    version: bool,
    script: Option<String>,
    /// Index of the script in argv (for `arg`), and the whole argv.
    script_index: usize,
    argv: Vec<String>,
    gc_stress: bool,
    count_steps: bool,
    max_memory: Option<usize>,
    max_instructions: Option<u64>,
    sandbox: bool,
}

/// The number after option `name` (at `argv[*i + 1]`), moving `i` onto it.
fn numeric_arg<T: std::str::FromStr>(
    argv: &[String],
    i: &mut usize,
    name: &str,
) -> Result<T, String> {
    *i += 1;
    argv.get(*i)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("'{name}' needs a number"))
}

fn parse_args(argv: Vec<String>) -> Result<Invocation, String> {
    let mut inv = Invocation {
        backend: "refcell".into(),
        chunks: Vec::new(),
        list: false,
        version: false,
        script: None,
        script_index: argv.len(),
        argv: argv.clone(),
        gc_stress: false,
        count_steps: false,
        max_memory: None,
        max_instructions: None,
        sandbox: false,
    };
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        match a.as_str() {
            "--backend" | "-b" => {
                i += 1;
                inv.backend = argv
                    .get(i)
                    .cloned()
                    .ok_or("'--backend' needs an argument")?;
            }
            s if s.starts_with("--backend=") => inv.backend = s["--backend=".len()..].to_string(),
            "-e" => {
                i += 1;
                inv.chunks
                    .push(argv.get(i).cloned().ok_or("'-e' needs argument")?);
            }
            s if s.starts_with("-e") && s.len() > 2 => inv.chunks.push(s[2..].to_string()),
            "-l" => inv.list = true,
            "--gc-stress" => inv.gc_stress = true,
            "--count-steps" => inv.count_steps = true,
            "--sandbox" => inv.sandbox = true,
            "--max-memory" => inv.max_memory = Some(numeric_arg(&argv, &mut i, a)?),
            "--max-instructions" => inv.max_instructions = Some(numeric_arg(&argv, &mut i, a)?),
            "-v" => inv.version = true,
            "--" => {
                i += 1;
                if i < argv.len() {
                    inv.script = Some(argv[i].clone());
                    inv.script_index = i;
                }
                break;
            }
            "-" => {
                inv.script = Some("-".into());
                inv.script_index = i;
                break;
            }
            s if s.starts_with('-') => return Err(format!("unrecognized option '{s}'")),
            _ => {
                inv.script = Some(a.clone());
                inv.script_index = i;
                break;
            }
        }
        i += 1;
    }
    Ok(inv)
}

/// The shared suite, used when `luatb diff` is given no paths.
const SUITE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts");

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("diff") {
        return diff_command(&argv[2..]);
    }
    match argv.get(1).map(String::as_str) {
        Some("bench") => return luatb_harness::bench::cli::bench_command(&argv[2..]),
        Some("plot") => return luatb_harness::bench::cli::plot_command(&argv[2..]),
        Some("fuzz") => return luatb_harness::fuzz::fuzz_command(&argv[2..]),
        Some("report") => return luatb_harness::bench::cli::report_command(&argv[2..]),
        Some("experiments") => return luatb_harness::experiments::command(&argv[2..]),
        Some("all") => {
            return luatb_harness::bench::cli::all_command(&argv[2..], SUITE_DIR.as_ref())
        }
        _ => {}
    }
    let inv = match parse_args(argv) {
        Ok(inv) => inv,
        Err(msg) => {
            eprintln!("luatb: {msg}");
            eprintln!("{USAGE}{}", BACKENDS.join(", "));
            return ExitCode::from(1);
        }
    };
    let backend = inv.backend.clone();
    match backends::dispatch!(backend.as_str(), run, &inv) {
        Some(code) => code,
        None => {
            eprintln!(
                "luatb: unknown backend '{backend}' (available: {})",
                BACKENDS.join(", ")
            );
            ExitCode::from(1)
        }
    }
}

/// `luatb diff [--backend NAME]... [--no-lua54] [PATHS...]`
fn diff_command(args: &[String]) -> ExitCode {
    let mut backends = Vec::new();
    let mut paths = Vec::new();
    let mut with_lua54 = true;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--backend" | "-b" => {
                i += 1;
                match args.get(i) {
                    Some(b) => backends.push(b.clone()),
                    None => {
                        eprintln!("luatb diff: '--backend' needs an argument");
                        return ExitCode::from(2);
                    }
                }
            }
            "--no-lua54" => with_lua54 = false,
            p => paths.push(std::path::PathBuf::from(p)),
        }
        i += 1;
    }
    if let Some(bad) = backends.iter().find(|b| !BACKENDS.contains(&b.as_str())) {
        eprintln!(
            "luatb diff: unknown backend '{bad}' (available: {})",
            BACKENDS.join(", ")
        );
        return ExitCode::from(2);
    }
    let files = if paths.is_empty() {
        luatb_harness::diff::enter_suite_dir(SUITE_DIR.as_ref());
        luatb_harness::diff::suite_files(SUITE_DIR.as_ref())
    } else {
        luatb_harness::diff::collect_files(&paths)
    };
    if files.is_empty() {
        eprintln!("luatb diff: no .lua files under the given paths");
        return ExitCode::from(2);
    }
    let with_lua54 = with_lua54 && luatb_harness::reference::lua54_path().is_some();
    let report = luatb_harness::diff::run(&files, &backends, with_lua54);
    print!("{}", luatb_harness::diff::render(&report));
    if report.mismatches() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn run<B: HeapBackend>(inv: &Invocation) -> ExitCode {
    // Deep Lua recursion does not use the Rust stack, but nested native calls and the
    // parser do; a large stack keeps their limits (200 levels) far from a real overflow.
    let result = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(s, || run_on_thread::<B>(inv))
            .map(|h| h.join().unwrap_or(ExitCode::from(2)))
    });
    result.unwrap_or(ExitCode::from(2))
}

fn run_on_thread<B: HeapBackend>(inv: &Invocation) -> ExitCode {
    if inv.version {
        println!(
            "luatb {} (Lua 5.4 semantics) on backend '{}'",
            env!("CARGO_PKG_VERSION"),
            B::NAME
        );
    }
    if inv.list {
        let Some(script) = &inv.script else {
            eprintln!("luatb: -l needs a script");
            return ExitCode::from(1);
        };
        return match read_source(script) {
            Ok((src, name)) => match luatb::compiler::compile(&src, &name) {
                Ok(p) => {
                    print!("{}", luatb::compiler::listing::listing(&p, false));
                    ExitCode::SUCCESS
                }
                Err(e) => report(&Error::Syntax(e.0)),
            },
            Err(msg) => {
                eprintln!("luatb: {msg}");
                ExitCode::from(1)
            }
        };
    }
    let mut lua = Lua::<B>::new();
    lua.set_traceback(true);
    lua.set_gc_stress(inv.gc_stress);
    lua.set_max_memory(inv.max_memory);
    lua.set_max_instructions(inv.max_instructions);
    if inv.sandbox {
        lua.sandbox();
    }
    let code = run_chunks(&mut lua, inv);
    // Pending finalizers run when the state closes, after an error too, as in lua.c.
    lua.close();
    if inv.count_steps {
        eprintln!("luatb: {} VM steps", lua.vm.instructions_run());
    }
    code
}

fn run_chunks<B: HeapBackend>(lua: &mut Lua<B>, inv: &Invocation) -> ExitCode {
    set_arg_table(lua, inv);
    for chunk in &inv.chunks {
        if let Err(e) = lua.exec(chunk.as_bytes(), "=(command line)") {
            return report(&e);
        }
    }
    if let Some(script) = &inv.script {
        let (src, name) = match read_source(script) {
            Ok(x) => x,
            Err(msg) => {
                eprintln!("luatb: {msg}");
                return ExitCode::from(1);
            }
        };
        let f = match lua.load(&src, &name) {
            Ok(f) => f,
            Err(e) => return report(&e),
        };
        let args: Vec<Value<B>> = inv.argv[inv.script_index + 1..]
            .iter()
            .map(|a| lua.string(a))
            .collect();
        if let Err(e) = lua.call(f, &args) {
            return report(&e);
        }
    } else if inv.chunks.is_empty() && !inv.version {
        eprintln!("{USAGE}{}", BACKENDS.join(", "));
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn read_source(script: &str) -> Result<(Vec<u8>, String), String> {
    if script == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        Ok((buf, "=stdin".into()))
    } else {
        let src = std::fs::read(script).map_err(|e| {
            // As lua5.4: the C library's text for the error, without Rust's "(os error N)".
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_string();
            format!("cannot open {script}: {text}")
        })?;
        Ok((src, format!("@{script}")))
    }
}

/// `arg`: the script at index 0, its arguments after it, interpreter options before it.
fn set_arg_table<B: HeapBackend>(lua: &mut Lua<B>, inv: &Invocation) {
    let heap = &lua.vm.heap;
    let t = heap.new_table(inv.argv.len(), 0);
    for (i, a) in inv.argv.iter().enumerate() {
        let idx = i as i64 - inv.script_index.min(inv.argv.len() - 1) as i64;
        let v = lua.string(a);
        let _ = lua.vm.heap.set_int(t, idx, v);
    }
    lua.set_global("arg", Value::Table(t));
}

fn report(e: &Error) -> ExitCode {
    match e {
        Error::Syntax(m) => eprintln!("luatb: {m}"),
        Error::Runtime { message, traceback } => {
            eprintln!("luatb: {message}");
            if let Some(tb) = traceback {
                eprintln!("{tb}");
            }
        }
    }
    ExitCode::from(1)
}
