//! Injected allocation failures on every backend (`cargo test --test fault_injection
//! refcell::`): suite programs run with every Nth allocation failing and must end normally
//! or with "not enough memory", never a panic; a table being filled when a failure hits
//! keeps every entry written before it; and the failure is an ordinary catchable error.

use luatb::vm::gc::budget::AllocFailure;
use luatb::{Error, HeapBackend, Lua};
use std::panic::{catch_unwind, AssertUnwindSafe};

const OOM: &str = "not enough memory";

macro_rules! script {
    ($name:literal) => {
        ($name, include_bytes!(concat!("../scripts/", $name, ".lua")))
    };
}

/// A varied subset of `scripts/` (66 programs): applications, closures, coroutines,
/// metatables, finalizers and weak tables, `load`, strings, sorting, varargs, `pcall` and
/// `<close>`. Left out: programs that read files or the clock, and the three whose own
/// error handling turns a caught "not enough memory" into another error
/// (`app_module_bank` and `lib_coroutine_recursion` read fields of the caught error,
/// `lib_coroutine_close_yield` yields from a `__close` of a coroutine that died).
const SCRIPTS: &[(&str, &[u8])] = &[
    script!("app_class_hierarchy"),
    script!("app_coroutine_pipeline"),
    script!("app_json"),
    script!("app_rd_parser"),
    script!("app_text_report"),
    script!("big_table"),
    script!("binary_trees"),
    script!("class_system"),
    script!("closures_loops"),
    script!("closures_shared_upvalues"),
    script!("concat"),
    script!("const_close"),
    script!("error_objects"),
    script!("gc_close"),
    script!("gc_finalizers"),
    script!("gc_weak"),
    script!("generic_for"),
    script!("goto"),
    script!("integer_float_keys"),
    script!("length"),
    script!("lib_coroutine_close"),
    script!("lib_coroutine_errors"),
    script!("lib_coroutine_event_loop"),
    script!("lib_coroutine_generators"),
    script!("lib_coroutine_pcall"),
    script!("lib_coroutine_tbc"),
    script!("lib_coroutine_wrap"),
    script!("lib_coroutine_yield_metamethods"),
    script!("lib_load_env"),
    script!("lib_load_strings"),
    script!("lib_string_byte_char"),
    script!("lib_string_classes"),
    script!("lib_string_gsub_function"),
    script!("lib_string_pack_int"),
    script!("lib_string_recipes"),
    script!("lib_table_insert_remove"),
    script!("lib_table_move"),
    script!("lib_table_pack_unpack"),
    script!("lib_table_sort_comparator"),
    script!("lib_table_sort_invalid"),
    script!("lib_utf8_roundtrip"),
    script!("linked_list"),
    script!("matrix"),
    script!("memoize"),
    script!("meta_arith"),
    script!("meta_close"),
    script!("meta_concat"),
    script!("meta_index"),
    script!("meta_newindex"),
    script!("meta_pairs"),
    script!("meta_tostring_name"),
    script!("methods"),
    script!("multiple_returns"),
    script!("nested_pcall"),
    script!("next_pairs_ipairs"),
    script!("pcall_error"),
    script!("queens"),
    script!("reentrancy"),
    script!("serializer"),
    script!("string_building"),
    script!("string_coercion"),
    script!("string_format"),
    script!("table_constructors"),
    script!("table_int_keys"),
    script!("varargs"),
    script!("xpcall"),
];

/// Every Nth allocation fails, N being the allocations of a clean run divided by these
/// (so the first failure falls at various depths of the program), and N = 1, 2, 3.
const FRACTIONS: &[u64] = &[2, 3, 7, 20, 100, 1000];

fn message(e: &Error) -> &str {
    match e {
        Error::Syntax(m) => m,
        Error::Runtime { message, .. } => message,
    }
}

/// How a run ended: its error message, if any, failures injected, and allocations
/// counted (by a run without injection).
struct Run {
    error: Option<String>,
    injected: u64,
    allocations: u64,
}

/// Run `src` on a fresh state, compiled without injection and then run with `failure`
/// armed, on a thread with room for the engines' native recursion. A panic anywhere is
/// reported as the error "<panic>".
fn run_injected<B: HeapBackend>(src: &[u8], failure: Option<AllocFailure>) -> Run {
    let src = src.to_vec();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let mut lua = Lua::<B>::new();
            lua.capture_output();
            lua.set_max_instructions(Some(200_000_000));
            let run = catch_unwind(AssertUnwindSafe(|| {
                let f = lua.load(&src, "=injected").expect("the script compiles");
                lua.set_alloc_failure(failure);
                let r = lua.call(f, &[]).map(|_| ());
                let allocations = lua.allocations();
                lua.set_alloc_failure(None);
                lua.close();
                (r, allocations)
            }));
            let injected = lua.injected_failures();
            let (error, allocations) = match run {
                Ok((r, n)) => (r.err().map(|e| message(&e).to_owned()), n),
                Err(_) => (Some("<panic>".to_owned()), 0),
            };
            Run {
                error,
                injected,
                allocations,
            }
        })
        .expect("spawn")
        .join()
        .unwrap_or_else(|_| Run {
            error: Some("<panic outside the state>".to_owned()),
            injected: 0,
            allocations: 0,
        })
}

fn suite_scripts_survive_injected_failures<B: HeapBackend>() {
    for (name, src) in SCRIPTS {
        let clean = run_injected::<B>(src, None);
        assert_eq!(clean.error, None, "{} {name} without injection", B::NAME);
        let total = clean.allocations;
        assert!(total > 10, "{} {name}: {total} allocations", B::NAME);
        let periods = FRACTIONS
            .iter()
            .map(|f| (total / f).max(1))
            .chain([1, 2, 3]);
        let failures = periods
            .map(AllocFailure::EveryNth)
            .chain([AllocFailure::After(total / 2)]);
        let mut fired = 0;
        for failure in failures {
            let run = run_injected::<B>(src, Some(failure));
            fired += run.injected;
            if let Some(e) = run.error {
                assert!(
                    e == OOM || e.ends_with(&format!(": {OOM}")),
                    "{} {name} {failure:?}: {e}",
                    B::NAME
                );
                assert!(run.injected > 0, "{} {name} {failure:?}: {e}", B::NAME);
            }
        }
        assert!(fired > 0, "{} {name}: no failure was injected", B::NAME);
    }
}

fn exec<B: HeapBackend>(lua: &mut Lua<B>, src: &str) -> Result<String, String> {
    lua.exec(src.as_bytes(), "=test")
        .map(|()| String::from_utf8_lossy(&lua.take_output()).into_owned())
        .map_err(|e| message(&e).to_owned())
}

/// Fill two tables (array part, hash part with new strings) under `pcall` until an
/// injected failure, then check every entry written before it with injection off.
const SETUP: &str = r#"
T, S, N, OK, E = {}, {}, 0, 0, 0
local function fill()
  for i = 1, 100000 do
    T[i] = i * 3
    S["k" .. i] = i
    N = i
  end
end
function F() OK, E = pcall(fill) end
"#;

const CHECK: &str = r#"
local bad = 0
for i = 1, N do
  if T[i] ~= i * 3 or S["k" .. i] ~= i then bad = bad + 1 end
end
local extra = 0
for k in pairs(T) do if k > N then extra = extra + 1 end end
for k in pairs(S) do if tonumber(k:sub(2)) > N then extra = extra + 1 end end
print(OK, E, bad, extra <= 1, #T == N or #T == N + 1)
"#;

/// A program whose output is known from a run without injection.
const FRESH: &str = r##"
local parts = {}
for i = 1, 500 do parts[#parts + 1] = tostring(i * i) end
local s = table.concat(parts, ",")
local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
local sum = 0
for i = 1, 3 do sum = sum + co() end
local t = setmetatable({}, {__index = function(_, k) return k * 2 end})
print(#s, s:sub(1, 20), sum, t[21], select("#", table.unpack(parts)))
"##;

fn filled_table_stays_intact<B: HeapBackend>() {
    let mut clean = Lua::<B>::new();
    clean.capture_output();
    let fresh = exec(&mut clean, FRESH).expect("the fresh chunk runs without injection");
    for &n in &[1u64, 2, 7, 64, 1000, 30_000] {
        let mut lua = Lua::<B>::new();
        lua.capture_output();
        exec(&mut lua, SETUP).expect("setup");
        lua.set_alloc_failure(Some(AllocFailure::EveryNth(n)));
        let f = lua.get_global("F");
        let r = catch_unwind(AssertUnwindSafe(|| lua.call(f, &[]).map(|_| ())));
        lua.set_alloc_failure(None);
        let r = r.unwrap_or_else(|_| panic!("{} every {n}th: panicked", B::NAME));
        r.unwrap_or_else(|e| panic!("{} every {n}th: F raised {}", B::NAME, message(&e)));
        assert!(lua.injected_failures() > 0, "{} every {n}th", B::NAME);
        let out = exec(&mut lua, CHECK).expect("check");
        assert_eq!(
            out,
            format!("false\t{OOM}\t0\ttrue\ttrue\n"),
            "{} every {n}th",
            B::NAME
        );
        lua.collect_garbage();
        assert_eq!(
            exec(&mut lua, FRESH).as_deref(),
            Ok(fresh.as_str()),
            "{} every {n}th",
            B::NAME
        );
    }
}

/// The object each probe makes fails (every allocation does); `pcall` catches the error
/// with exactly lua5.4's message, and the state goes on once injection is off.
fn failures_are_catchable<B: HeapBackend>() {
    let probes = [
        ("table", "function() return {} end"),
        ("string", "function() return string.rep('x', 10) .. 'y' end"),
        ("closure", "function() return function() end end"),
        ("thread", "function() return coroutine.create(print) end"),
        ("concat", "function(a) return a .. a end"),
        (
            "growth",
            "function() local t = {} for i = 1, 10 do t[i] = i end end",
        ),
    ];
    for (what, probe) in probes {
        let mut lua = Lua::<B>::new();
        lua.capture_output();
        let setup = format!("P, OK, E = {probe}, 0, 0 function F() OK, E = pcall(P, 'ab') end");
        exec(&mut lua, &setup).expect("setup");
        lua.set_alloc_failure(Some(AllocFailure::EveryNth(1)));
        let f = lua.get_global("F");
        let r = lua.call(f, &[]).map(|_| ());
        lua.set_alloc_failure(None);
        assert!(r.is_ok(), "{} {what}: {:?}", B::NAME, r);
        let out = exec(&mut lua, "print(OK, E, type(E))").expect("report");
        assert_eq!(out, format!("false\t{OOM}\tstring\n"), "{} {what}", B::NAME);
        assert_eq!(
            exec(&mut lua, "print(#{1, 2, 3} + #('abc' .. 1))").as_deref(),
            Ok("7\n")
        );
    }
    // Uncaught, the failure is the chunk's error, with no position.
    let mut lua = Lua::<B>::new();
    lua.set_alloc_failure(Some(AllocFailure::After(0)));
    let e = lua.exec(b"local t = {} t.x = 1", "=test").unwrap_err();
    assert_eq!(message(&e), OOM, "{}", B::NAME);
}

macro_rules! backend_mod {
    ($name:ident, $heap:ty, $($test:ident),*) => {
        mod $name { $(#[test] fn $test() { super::$test::<$heap>() })* }
    };
}

macro_rules! on_every_backend {
    ($($test:ident),*) => {
        backend_mod!(transaction, luatb_transaction::Heap, $($test),*);
        backend_mod!(refcell, luatb_refcell::Heap, $($test),*);
        backend_mod!(guard, luatb_guard::Heap, $($test),*);
        backend_mod!(r#unsafe, luatb_unsafe::Heap, $($test),*);
    };
}

on_every_backend!(
    suite_scripts_survive_injected_failures,
    filled_table_stays_intact,
    failures_are_catchable
);
