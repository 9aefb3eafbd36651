//! The sandbox (`Lua::sandbox`, `luatb --sandbox`) on every backend
//! (`cargo test --test sandbox refcell::`): a sandboxed script cannot touch files, start
//! processes or read the host environment, by any route it can name, while ordinary code
//! runs as it does outside the sandbox.

use luatb::{Error, HeapBackend, Lua};
use luatb_harness::reference::run_reference;
use std::path::PathBuf;

/// Output and uncaught error of `src` on a state that is sandboxed or not.
fn run<B: HeapBackend>(sandboxed: bool, src: &str) -> (String, Option<String>) {
    let mut lua = if sandboxed {
        Lua::<B>::new_sandboxed()
    } else {
        Lua::<B>::new()
    };
    lua.capture_output();
    let err = lua.exec(src.as_bytes(), "=sandbox").err().map(|e| match e {
        Error::Syntax(m) => m,
        Error::Runtime { message, .. } => message,
    });
    (
        String::from_utf8_lossy(&lua.take_output()).into_owned(),
        err,
    )
}

/// Run sandboxed; the script must complete.
fn sandboxed<B: HeapBackend>(src: &str) -> String {
    let (out, err) = run::<B>(true, src);
    assert_eq!(err, None, "{} failed; output so far:\n{out}", B::NAME);
    out
}

/// A path no other test uses, not yet existing.
fn fresh_path(tag: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("luatb-sandbox-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// Every way this test knows to reach a file or a process; each attempt must raise an
/// error, and its message is printed.
const ATTEMPTS: &str = r#"
local P = ...
local tries = {
  function() return io.open(P, "w"):write("x") end,
  function() return package.loaded.io.open(P, "w"):write("x") end,
  function() return require("io").open(P, "w"):write("x") end,
  function() return _G.io.lines("/etc/passwd")() end,
  function() return load("return io")().open(P, "w") end,
  function() return coroutine.wrap(function() return io.popen("touch " .. P) end)() end,
  function() return getmetatable("").__index.io.open(P, "w") end,
  function() return dofile("/etc/passwd") end,
  function() return loadfile("/etc/passwd") end,
  function() package.path = "/etc/?"; return require("passwd") end,
  function() package.cpath = "/etc/?"; return require("passwd") end,
  function() return package.loadlib("/etc/passwd", "f") end,
  function() return package.searchers[2]("passwd") end,
  function() return package.searchpath("passwd", "/etc/?") end,
  function() return os.execute("touch " .. P) end,
  function() return package.loaded.os.execute("touch " .. P) end,
  function() return os.remove(P) end,
  function() return os.rename(P, P .. ".2") end,
  function() return os.tmpname() end,
  function() return os.getenv("HOME") end,
  function() return os.exit(3) end,
  function() return os.setlocale("C") end,
}
for i, f in ipairs(tries) do
  local ok, e = pcall(f)
  print(i, ok, (tostring(e):gsub("\n", " ")))
end
"#;

fn no_files_processes_or_environment<B: HeapBackend>() {
    let path = fresh_path(B::NAME);
    let p = path.to_str().expect("utf-8 temp path");
    let src = ATTEMPTS.replace("local P = ...", &format!("local P = {p:?}"));
    let out = sandboxed::<B>(&src);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 22, "{out}");
    for line in &lines {
        assert!(line.contains("\tfalse\t"), "an attempt succeeded: {line}");
    }
    assert!(!out.contains("root:"), "/etc/passwd was read:\n{out}");
    assert!(!path.exists(), "a sandboxed script created {p}");
    assert!(lines[0].ends_with("attempt to index a nil value (global 'io')"));
    assert!(
        lines[9].contains("module 'passwd' not found"),
        "{}",
        lines[9]
    );
    assert!(
        lines[14].ends_with("attempt to call a nil value (field 'execute')"),
        "{}",
        lines[14]
    );
    // The same file, outside the sandbox, is created: the attempts are real.
    let (_, _) = run::<B>(false, &format!("io.open({p:?}, 'w'):close()"));
    assert!(path.exists(), "the unsandboxed control did not create {p}");
    let _ = std::fs::remove_file(&path);
}

/// Every key of every table reachable from the globals, the string metatable and
/// `package.loaded`, and a mark for any userdata (a file handle).
const WALK: &str = r#"
local seen = {}
local function walk(v, path)
  if type(v) == "userdata" then print("userdata at " .. path) end
  if type(v) ~= "table" or seen[v] then return end
  seen[v] = true
  for k, x in pairs(v) do
    print(tostring(k))
    walk(x, path .. "." .. tostring(k))
  end
  walk(getmetatable(v), path .. ".<metatable>")
end
walk(_G, "_G")
walk(getmetatable(""), "<string metatable>")
walk(package.loaded, "package.loaded")
walk(coroutine.wrap(function() return _ENV end)(), "coroutine _ENV")
walk(load("return _ENV")(), "load _ENV")
"#;

const FORBIDDEN: &[&str] = &[
    "io",
    "open",
    "popen",
    "lines",
    "input",
    "output",
    "read",
    "write",
    "tmpfile",
    "stdin",
    "stdout",
    "stderr",
    "execute",
    "exit",
    "getenv",
    "rename",
    "tmpname",
    "setlocale",
    "dofile",
    "loadfile",
    "loadlib",
    "searchpath",
    "searchers",
    "path",
    "cpath",
    "debug",
];

fn nothing_forbidden_is_reachable<B: HeapBackend>() {
    let out = sandboxed::<B>(WALK);
    let names: Vec<&str> = out.lines().collect();
    for bad in FORBIDDEN {
        assert!(!names.contains(bad), "'{bad}' is reachable in the sandbox");
    }
    assert!(
        !out.contains("userdata"),
        "a file handle is reachable:\n{out}"
    );
    for good in [
        "clock", "date", "time", "difftime", "preload", "loaded", "gsub", "wrap",
    ] {
        assert!(names.contains(&good), "'{good}' went missing");
    }
    // The walk does see them when they are there.
    let (out, err) = run::<B>(false, WALK);
    assert_eq!(err, None);
    assert!(out.lines().any(|l| l == "popen") && out.contains("userdata"));
}

fn package_keeps_loaded_and_preload<B: HeapBackend>() {
    let out = sandboxed::<B>(
        r#"
        package.preload.m = function(name, data) return {name = name, data = data} end
        local m, d = require "m"
        print(m.name, m.data, d, require "m" == m, package.loaded.m == m)
        package.preload.flag = function() end
        print(require "flag", package.loaded.flag)
        print(require "os" == os, require "string" == string, require "_G" == _G)
        print(package.loaded.os == os, package.loaded.package == package, package.loaded.io)
        print(select(2, pcall(require, "nope")))
        "#,
    );
    assert_eq!(
        out,
        "m\t:preload:\t:preload:\ttrue\ttrue\n\
         true\ttrue\n\
         true\ttrue\ttrue\n\
         true\ttrue\tnil\n\
         module 'nope' not found:\n\
         \tno field package.preload['nope']\n\
         \t(the sandbox loads no files)\n"
    );
}

fn collectgarbage_refuses_global_settings<B: HeapBackend>() {
    let out = sandboxed::<B>(
        r#"
        print(type(collectgarbage("count")), collectgarbage(), collectgarbage("collect"))
        print(collectgarbage("step"), collectgarbage("step", 10), collectgarbage("isrunning"))
        for _, o in ipairs{"stop", "restart", "incremental", "generational", "setpause",
                           "setstepmul"} do
          print(pcall(collectgarbage, o, 100))
        end
        print(collectgarbage("isrunning"), pcall(collectgarbage, "nonsense"))
        "#,
    );
    let mut want = String::from("number\t0\t0\ntrue\ttrue\ttrue\n");
    for o in [
        "stop",
        "restart",
        "incremental",
        "generational",
        "setpause",
        "setstepmul",
    ] {
        want += &format!(
            "false\tbad argument #1 to 'collectgarbage' (option '{o}' is not allowed in the sandbox)\n"
        );
    }
    want += "true\tfalse\tbad argument #1 to 'collectgarbage' (invalid option 'nonsense')\n";
    assert_eq!(out, want);
}

fn loaded_chunks_share_the_sandbox<B: HeapBackend>() {
    let out = sandboxed::<B>(
        r#"
        print(load("return io, os.getenv, dofile")())
        print(load("return x + 1", "chunk", "t", {x = 41})())
        print(load(function() return nil end) ~= nil)
        print(load("\27Lua", "bin"))
        print(load("return 1", "b-only", "b"))
        print(pcall(string.dump, print))
        print(coroutine.wrap(function() coroutine.yield(io) end)())
        print(getmetatable("").__index == string, rawget(_G, "io"), _ENV == _G)
        "#,
    );
    assert_eq!(
        out,
        "nil\tnil\tnil\n\
         42\n\
         true\n\
         nil\tbin: bad binary format (truncated chunk)\n\
         nil\tattempt to load a text chunk (mode is 'b')\n\
         false\tunable to dump given function\n\
         nil\n\
         true\tnil\ttrue\n"
    );
}

/// Ordinary code: the same output in and out of the sandbox, and as the reference's.
const ORDINARY: &str = r##"
local t = {}
for w in ("the quick brown fox"):gmatch("%a+") do t[#t + 1] = w:upper() end
table.sort(t)
print(table.concat(t, ","), string.format("%5.2f|%q|%x", math.pi, "a\n", 255))
print(math.maxinteger, math.floor(-3.5), math.type(1), math.type(1.0), 7 // 2, 2^10)
print(utf8.char(72, 228, 8364), utf8.len("häll€"), #utf8.char(8364))
local co = coroutine.create(function(a) local b = coroutine.yield(a * 2) return b + 1 end)
print(coroutine.resume(co, 5)) print(coroutine.resume(co, 10)) print(coroutine.status(co))
print(select("#", pcall(error, {code = 1})), select("#", pcall(error)))
print(pcall(function() local x = nil; return x.y end))
local f = load("local a, b = ... return a .. b")
print(f("lo", "ad"), string.rep("ab", 3, "-"), ("x"):byte(), tostring(nil))
print(os.time{year = 2020, month = 1, day = 1, hour = 12} - os.time{year = 2020, month = 1,
  day = 1, hour = 11}, os.date("!%Y-%m-%d", 0), type(os.clock()), os.difftime(10, 4))
print(next({}), rawlen({1, 2}), rawequal(t, t), select(-1, 1, 2, 3))
"##;

fn ordinary_code_is_unchanged<B: HeapBackend>() {
    let inside = sandboxed::<B>(ORDINARY);
    let (outside, err) = run::<B>(false, ORDINARY);
    assert_eq!(err, None);
    assert_eq!(inside, outside, "{} differs in the sandbox", B::NAME);
    let reference = run_reference(ORDINARY.as_bytes(), "=sandbox");
    assert_eq!(reference.error, None);
    assert_eq!(inside, String::from_utf8_lossy(&reference.stdout));
}

/// `sandbox()` on an existing state is `new_sandboxed()`, and doing it twice is harmless.
fn sandbox_method_is_idempotent<B: HeapBackend>() {
    let mut lua = Lua::<B>::new();
    lua.sandbox();
    lua.sandbox();
    lua.capture_output();
    let r = lua.exec(
        b"print(io, os.getenv, #package.loaded == 0, pcall(collectgarbage, 'stop'))\n\
          print(collectgarbage('count') > 0)",
        "=twice",
    );
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(
        String::from_utf8_lossy(&lua.take_output()),
        "nil\tnil\ttrue\tfalse\tbad argument #1 to 'collectgarbage' (option 'stop' is not \
         allowed in the sandbox)\ntrue\n"
    );
}

/// The debug library breaks every isolation rule (registry, locals, upvalues, raw
/// metatables): the sandbox has none, by any name, while an ordinary state has it.
fn debug_library_is_removed<B: HeapBackend>() {
    let src = "print(debug, package.loaded.debug, _G.debug, pcall(require, 'debug'))";
    let out = sandboxed::<B>(src);
    assert!(out.starts_with("nil\tnil\tnil\tfalse\t"), "{out}");
    let (out, err) = run::<B>(false, "print(type(debug), package.loaded.debug == debug)");
    assert_eq!((out.as_str(), err), ("table\ttrue\n", None));
}

macro_rules! backend {
    ($module:ident, $heap:ty) => {
        mod $module {
            type H = $heap;
            #[test]
            fn no_files_processes_or_environment() {
                super::no_files_processes_or_environment::<H>()
            }
            #[test]
            fn nothing_forbidden_is_reachable() {
                super::nothing_forbidden_is_reachable::<H>()
            }
            #[test]
            fn package_keeps_loaded_and_preload() {
                super::package_keeps_loaded_and_preload::<H>()
            }
            #[test]
            fn collectgarbage_refuses_global_settings() {
                super::collectgarbage_refuses_global_settings::<H>()
            }
            #[test]
            fn loaded_chunks_share_the_sandbox() {
                super::loaded_chunks_share_the_sandbox::<H>()
            }
            #[test]
            fn ordinary_code_is_unchanged() {
                super::ordinary_code_is_unchanged::<H>()
            }
            #[test]
            fn sandbox_method_is_idempotent() {
                super::sandbox_method_is_idempotent::<H>()
            }
            #[test]
            fn debug_library_is_removed() {
                super::debug_library_is_removed::<H>()
            }
        }
    };
}

backend!(refcell, luatb_refcell::Heap);
backend!(r#unsafe, luatb_unsafe::Heap);
backend!(transaction, luatb_transaction::Heap);
backend!(guard, luatb_guard::Heap);

/// `luatb --sandbox` on every backend: `io` is gone, and a refused call is a Lua error.
#[test]
fn cli_sandbox_flag() {
    let luatb = env!("CARGO_BIN_EXE_luatb");
    for backend in luatb_harness::backends::BACKENDS {
        let run = |args: &[&str]| {
            std::process::Command::new(luatb)
                .args(["--backend", backend])
                .args(args)
                .output()
                .expect("spawn luatb")
        };
        let out = run(&["--sandbox", "-e", "print(io)"]);
        assert!(out.status.success(), "{backend}: {out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "nil\n", "{backend}");
        let out = run(&["-e", "print(io ~= nil)"]);
        assert_eq!(String::from_utf8_lossy(&out.stdout), "true\n", "{backend}");
        let out = run(&["--sandbox", "-e", "os.execute('true')"]);
        assert_eq!(out.status.code(), Some(1), "{backend}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(
                "luatb: (command line):1: attempt to call a nil value (field 'execute')"
            ),
            "{backend}: {err}"
        );
    }
}
