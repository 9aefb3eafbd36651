//! The `luatb` command line against `lua5.4` itself: same stdout, same stderr (with the
//! program name swapped) and the same exit status, on every backend.

use std::path::PathBuf;
use std::process::Command;

fn luatb() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_luatb"))
}

struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

fn run(program: &PathBuf, args: &[&str], dir: &std::path::Path) -> Run {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("spawn");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
    }
}

/// Run the same command line on lua5.4 and on luatb with each backend.
fn same_as_lua54(files: &[(&str, &str)], args: &[&str]) {
    let Some(lua54) = luatb_harness::reference::lua54_path() else {
        eprintln!("lua5.4 is not installed: the CLI comparison needs it (apt-get install lua5.4)");
        panic!("lua5.4 missing: .ci/run installs it");
    };
    let dir = std::env::temp_dir().join(format!(
        "luatb-cli-{}-{}",
        std::process::id(),
        args.join("_").len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, body) in files {
        std::fs::write(dir.join(name), body).unwrap();
    }
    let expected = run(&lua54, args, &dir);
    for backend in luatb_harness::backends::BACKENDS {
        let mut full = vec!["--backend", backend];
        full.extend_from_slice(args);
        let got = run(&luatb(), &full, &dir);
        let want_err = expected
            .stderr
            .replace(&format!("{}:", lua54.display()), "luatb:");
        assert_eq!(
            got.stdout, expected.stdout,
            "stdout of {args:?} on {backend}"
        );
        assert_eq!(got.stderr, want_err, "stderr of {args:?} on {backend}");
        assert_eq!(
            got.code, expected.code,
            "exit status of {args:?} on {backend}"
        );
    }
}

#[test]
fn script_with_arguments_sees_arg_and_varargs() {
    same_as_lua54(
        &[(
            "a.lua",
            "print(arg[0], arg[1], arg[2], #arg, ...)\nprint(select('#', ...))\n",
        )],
        &["a.lua", "x", "y"],
    );
}

#[test]
fn runtime_error_prints_message_and_traceback_and_exits_1() {
    same_as_lua54(
        &[(
            "e.lua",
            "local function f() error('deep') end\nlocal function g() f() end\ng()\n",
        )],
        &["e.lua"],
    );
}

#[test]
fn deep_runtime_error_traceback_is_cut_as_lua54_cuts_it() {
    // 10 and 11 levels kept around "...\t(skipping N levels)"; 21 and fewer are not cut.
    for depth in [18, 19, 20, 100] {
        let body =
            format!("local function f(n) if n == 0 then error('x') end f(n - 1) end\nf({depth})\n");
        same_as_lua54(&[("d.lua", &body)], &["d.lua"]);
    }
}

#[test]
fn error_objects_that_are_not_strings() {
    same_as_lua54(&[("t.lua", "error({})\n")], &["t.lua"]);
    same_as_lua54(
        &[(
            "m.lua",
            "error(setmetatable({}, {__tostring = function() return 'custom' end}))\n",
        )],
        &["m.lua"],
    );
}

#[test]
fn syntax_error_has_no_traceback() {
    same_as_lua54(&[("s.lua", "local x = = 1\n")], &["s.lua"]);
}

#[test]
fn execute_string_option() {
    same_as_lua54(&[], &["-e", "print(1 + 1, 'a' .. 'b')"]);
    same_as_lua54(&[], &["-e", "local t = nil; print(t.x)"]);
}

#[test]
fn missing_script_is_reported() {
    same_as_lua54(&[], &["no_such_file.lua"]);
}

#[test]
fn listing_matches_luac() {
    let Some(lua54) = luatb_harness::reference::lua54_path() else {
        panic!("lua5.4 missing: .ci/run installs it");
    };
    let luac = lua54.with_file_name("luac5.4");
    let dir = std::env::temp_dir().join(format!("luatb-list-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = "local x = 1\nlocal function f(a, ...) return a + x, ... end\nprint(f(2, 3))\n";
    std::fs::write(dir.join("l.lua"), src).unwrap();
    // Addresses differ between processes; everything else must match.
    let strip = |s: &str| {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("0x") {
            out.push_str(&rest[..i]);
            out.push_str("ADDR");
            rest = rest[i + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
        }
        out.push_str(rest);
        out
    };
    let expected = run(&luac, &["-l", "-p", "l.lua"], &dir);
    let got = run(&luatb(), &["-l", "l.lua"], &dir);
    assert_eq!(strip(&got.stdout), strip(&expected.stdout));
}

#[test]
fn count_steps_counts_one_step_per_bytecode() {
    // The listing step counts rely on: ten more iterations of an empty numeric `for`
    // are ten more FORLOOPs, on every backend alike.
    let steps = |backend: &str, n: u32| -> u64 {
        let loop_ = format!("for i = 1, {n} do end");
        let r = run(
            &luatb(),
            &["--backend", backend, "--count-steps", "-e", &loop_],
            &std::env::temp_dir(),
        );
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let words: Vec<&str> = r.stderr.split_whitespace().collect();
        assert_eq!(words.get(2..4), Some(&["VM", "steps"][..]), "{}", r.stderr);
        words[1].parse().expect("a count")
    };
    for backend in ["transaction", "refcell", "guard", "unsafe"] {
        assert_eq!(steps(backend, 20) - steps(backend, 10), 10, "{backend}");
        assert_eq!(steps(backend, 10), steps("unsafe", 10), "{backend}");
    }
}
