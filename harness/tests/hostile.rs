//! Hostile input on every backend (`cargo test --test hostile refcell::`): each program
//! must end with lua5.4's behaviour or a clean Lua error, never a panic or an abort.
//!
//! Programs run through the embedding API on a thread with an ordinary 8 MiB stack, as an
//! embedder's main thread would have, not on the CLI's roomy one. Where the reference can
//! run a program safely, the exact outcome is compared with it.

use luatb::HeapBackend;
use luatb_harness::fuzz::run_limited;
use luatb_harness::oracle::compare;
use luatb_harness::reference::{run_reference, Outcome};

const CHUNK: &str = "=hostile";
const MIB: usize = 1 << 20;

fn run<B: HeapBackend>(src: &[u8], instructions: Option<u64>, memory: Option<usize>) -> Outcome {
    let src = src.to_vec();
    let out = std::thread::Builder::new()
        .stack_size(8 * MIB)
        .spawn(move || run_limited::<B>(&src, CHUNK, instructions, memory))
        .expect("spawn")
        .join()
        .expect("the engine thread itself must not die");
    if let Some(e) = &out.error {
        assert!(!e.starts_with("<panic"), "{} panicked: {e}", B::NAME);
    }
    out
}

/// Same outcome as the in-process reference (which bounds its own C recursion).
fn like_reference<B: HeapBackend>(src: &[u8], instructions: Option<u64>) {
    let got = run::<B>(src, instructions, None);
    let mut want = run_reference(src, CHUNK);
    // The vendored reference appends a traceback to errors raised inside `load`.
    want.error = want.error.map(|e| {
        e.split("\nstack traceback:")
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    if let Err(m) = compare(&want, B::NAME, &got) {
        panic!("{m}");
    }
}

fn nested(open: &str, inner: &str, close: &str, n: usize) -> Vec<u8> {
    format!("return {}{inner}{}", open.repeat(n), close.repeat(n)).into_bytes()
}

fn error_of<B: HeapBackend>(src: &str, instructions: Option<u64>, memory: Option<usize>) -> String {
    let out = run::<B>(src.as_bytes(), instructions, memory);
    out.error
        .unwrap_or_else(|| panic!("{} ran to completion: {src}", B::NAME))
}

fn deep_parentheses<B: HeapBackend>() {
    like_reference::<B>(&nested("(", "1", ")", 100_000), None);
    like_reference::<B>(&nested("{", "", "}", 100_000), None);
    like_reference::<B>(&nested("f(", "", ")", 100_000), None);
    like_reference::<B>(&nested("function() return ", "1", " end", 100_000), None);
    like_reference::<B>(
        format!("{}{}", "do ".repeat(100_000), "end ".repeat(100_000)).as_bytes(),
        None,
    );
}

fn deep_operator_chains<B: HeapBackend>() {
    // Left-associative chains are loops in lua5.4 and must compile; right-associative
    // ones and unary chains hit its nesting limit. (`or` chains are left out: their jump
    // lists make compilation quadratic, in lua5.4 too: 10^5 terms take it 14 s.)
    let chain = |op: &str| format!("print({}1)", format!("1 {op} ").repeat(100_000));
    for op in ["+", "and", "*", "==", "|"] {
        like_reference::<B>(chain(op).as_bytes(), None);
    }
    for op in ["..", "^"] {
        like_reference::<B>(chain(op).as_bytes(), None);
    }
    like_reference::<B>(format!("print({}1)", "- ".repeat(100_000)).as_bytes(), None);
    like_reference::<B>(
        format!("print({}nil)", "not ".repeat(100_000)).as_bytes(),
        None,
    );
    let fields = format!("local t = {{}} t{} = 1", ".a".repeat(100_000));
    like_reference::<B>(fields.as_bytes(), None);
}

fn huge_literals<B: HeapBackend>() {
    let long = format!(
        "local s = [[{}]] print(#s, s:sub(-3))",
        "a".repeat(10_000_000)
    );
    like_reference::<B>(long.as_bytes(), None);
    let quoted = format!("local s = \"{}\" print(#s)", "b".repeat(10_000_000));
    like_reference::<B>(quoted.as_bytes(), None);
    for digits in [
        format!("print({})", "9".repeat(100_000)),
        format!("print(0x{})", "f".repeat(100_000)),
        format!("print(1{}e-100000)", "0".repeat(100_000)),
        format!("print(0.{}1)", "0".repeat(100_000)),
    ] {
        like_reference::<B>(digits.as_bytes(), None);
    }
}

fn string_rep_into_gigabytes<B: HeapBackend>() {
    // Past lua5.4's own size limit: its message.
    let e = error_of::<B>("string.rep('x', 1 << 40)", None, None);
    assert_eq!(e, "hostile:1: resulting string too large");
    // Within it, a gigabyte must meet the memory limit before it is allocated.
    let e = error_of::<B>("string.rep('abc', 1 << 30, ',')", None, Some(64 * MIB));
    assert!(
        e.contains("not enough memory") || e.contains("too large"),
        "{e}"
    );
    let grow = "local s = ('x'):rep(1 << 20) local t = {} for i = 1, 2000 do t[i] = s .. i end";
    let e = error_of::<B>(grow, None, Some(64 * MIB));
    assert!(e.contains("not enough memory"), "{e}");
}

fn endless_loops_stop_at_the_instruction_limit<B: HeapBackend>() {
    for src in [
        "while true do end",
        "repeat local x = 1 until false",
        "for i = 1, math.huge do end",
        "local function f() return f() end f()",
        "local t = setmetatable({}, {__index = function(t, k) return k end}) while t.x do end",
    ] {
        let e = error_of::<B>(src, Some(1_000_000), None);
        assert_eq!(e, "hostile:1: instruction limit exceeded", "{src}");
    }
}

fn recursion_through_metamethods<B: HeapBackend>() {
    // lua5.4's words (regress_index_chain_message.lua checks the `__newindex` one too).
    let src = "local a, b = {}, {} setmetatable(a, {__index = b}) setmetatable(b, {__index = a}) \
               return a.x";
    let e = error_of::<B>(src, None, None);
    assert!(
        e == "hostile:1: '__index' chain too long; possible loop",
        "{e}"
    );
    let src = r#"
local t1 = setmetatable({}, {__index = function(t, k) return t[k] end})
print(pcall(function() return t1.x end))
local t2 = setmetatable({}, {__newindex = function(t, k, v) t[k] = v end})
print(pcall(function() t2.x = 1 end))
local t3 = setmetatable({}, {__tostring = function(s) return tostring(s) end})
print(pcall(tostring, t3))
local mt = {__eq = function(x, y) return x == y end}
local e1, e2 = setmetatable({}, mt), setmetatable({}, mt)
print(pcall(function() return e1 == e2 end))
local mt2 = {__lt = function(x, y) return x < y end}
print(pcall(function() return setmetatable({}, mt2) < setmetatable({}, mt2) end))
local c = setmetatable({}, {__call = function(self) local r = self() return r end})
print(pcall(c))
local l = setmetatable({}, {__len = function(s) return #s end})
print(pcall(function() return #l end))
local cc = setmetatable({}, {__concat = function(x, y) return x .. y end})
print(pcall(function() return cc .. "x" end))
print("still usable", 1 + 1)
"#;
    like_reference::<B>(src.as_bytes(), None);
}

fn coroutines_resumed_inside_resumes<B: HeapBackend>() {
    // lua5.4 stops at its C-stack limit ("C stack overflow"). luatb resumes without
    // native recursion and may go all the way; either way, no crash on an ordinary stack.
    let src = "local function f(n) if n == 0 then return 0 end \
               return coroutine.wrap(function() return f(n - 1) + 1 end)() end \
               print(pcall(f, 100000))";
    let out = run::<B>(src.as_bytes(), Some(50_000_000), None);
    assert_eq!(out.error, None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text == "true\t100000\n" || (text.starts_with("false") && text.contains("stack overflow")),
        "{text}"
    );
    let resume = "local co co = coroutine.create(function() return coroutine.resume(co) end) \
                  print(coroutine.resume(co))";
    like_reference::<B>(resume.as_bytes(), None);
}

fn depth_limits_are_reported<B: HeapBackend>() {
    // Where the Lua stack, nested natives or nested resumes overflow is an implementation
    // limit: the differential fuzz target reads this flag instead of the (catchable)
    // message, which a program can hide, to know a run is not comparable.
    for (src, hit) in [
        (
            "local function f() return 1 + f() end print(pcall(f))",
            true,
        ),
        (
            "local function c(n) if n == 0 then return 0 end \
             local ok, v = coroutine.resume(coroutine.create(c), n - 1) \
             return ok and v + 1 or 0 end print(c(300) < 300)",
            true,
        ),
        (
            "local t = setmetatable({}, {__index = function(t, k) return t[k] end}) \
             print(pcall(function() return t.x end))",
            true,
        ),
        (
            "local function f(n) if n > 0 then return f(n - 1) end end f(150)",
            false,
        ),
    ] {
        let mut lua = luatb::Lua::<B>::new();
        lua.capture_output();
        let _ = lua.exec(src.as_bytes(), "=depth");
        assert_eq!(lua.depth_limit_hit(), hit, "{}: {src}", B::NAME);
    }
}

fn binary_chunks_are_rejected<B: HeapBackend>() {
    let src = r#"
print(load("\27Lua", "x", "t"))
print(load("\27LuaT\0\25\147\13\10\26\10", "x", "t"))
local f, e = load("\27Lua\84\0garbage")
print(f, type(e))
print(pcall(load, string.rep("\27", 100)))
"#;
    let out = run::<B>(src.as_bytes(), None, None);
    assert_eq!(out.error, None);
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "nil\tattempt to load a binary chunk (mode is 't')"
    );
    assert_eq!(
        lines[1],
        "nil\tattempt to load a binary chunk (mode is 't')"
    );
    assert_eq!(lines[2], "nil\tstring");
    assert!(lines[3].starts_with("true\tnil\t"), "{text}");
}

fn catastrophic_patterns<B: HeapBackend>() {
    // Recursion in the matcher is bounded like lua5.4's ("pattern too complex").
    let src = r#"
print(pcall(string.match, ("a"):rep(250), ("a?"):rep(250)))
print(pcall(string.find, ("a"):rep(300), ("(a?)"):rep(30)))
print(string.find(("a"):rep(200), ".-.-b"))
print(pcall(string.gsub, ("x"):rep(1000), "%f[%w]", "."))
"#;
    like_reference::<B>(src.as_bytes(), Some(50_000_000));
}

fn library_work_is_bounded<B: HeapBackend>() {
    // Backtracking that lua5.4 would run for ages, and table-library loops over huge
    // ranges, draw on the instruction budget; string building checks the memory limit
    // before it allocates.
    for src in [
        "string.find(('a'):rep(300), ('a*'):rep(199) .. 'b')",
        "table.move({}, 1, 1 << 40, 2)",
        "local t = {} for i = 1, 1000 do t[i] = i end while true do table.remove(t, 1) t[#t + 1] = 0 end",
        // A few thousand instructions that each make a megabyte string (found by the
        // execute fuzz target: a second per run under a 50,000 limit). Copying and
        // hashing a string costs one unit per 256 bytes.
        "local s = ('x'):rep(1 << 20) for i = 1, 1000 do local c = s .. i end",
        "local s = ('x'):rep(1 << 20) for i = 1, 1000 do local c = s:upper() end",
        // lua5.4 loops 2^63 times to build this empty string (found by the differential
        // fuzz target, as a timeout of the reference): the loop is counted here too.
        "local s = string.rep('', math.maxinteger, nil) print(#s)",
    ] {
        let e = error_of::<B>(src, Some(50_000), None);
        assert!(
            e.ends_with("instruction limit exceeded"),
            "{}: {src}: {e}",
            B::NAME
        );
    }
    let out = run::<B>(
        b"print(pcall(string.rep, 'x', 1 << 30)) print(pcall(string.rep, ('x'):rep(1000), 1 << 20, ','))",
        None,
        Some(16 << 20),
    );
    assert_eq!(out.error, None, "{}", B::NAME);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "false\tnot enough memory\nfalse\tnot enough memory\n",
        "{}",
        B::NAME
    );
}

fn erroring_close_and_sort<B: HeapBackend>() {
    let src = r#"
print(pcall(function()
  do local x <close> = setmetatable({}, {__close = function() error("boom") end}) end
end))
print(pcall(function()
  local a <close> = setmetatable({}, {__close = function(_, e) error("outer: " .. tostring(e)) end})
  local b <close> = setmetatable({}, {__close = function() error("inner") end})
  error("body")
end))
print(pcall(table.sort, {3, 2, 1, 5, 4}, function(a, b) error("cmp") end))
local t = {} for i = 1, 100 do t[i] = i % 7 end
print(pcall(table.sort, t, function(a, b) return true end))
print(pcall(table.sort, {1, "x", 2}))
print(pcall(setmetatable({}, {__gc = function() error("in gc") end}) and collectgarbage))
print("after")
"#;
    like_reference::<B>(src.as_bytes(), None);
}

/// Coroutines kept dead of deep recursion: a dead coroutine's call chain, kept for the
/// debug library outside the heap's accounting, is kept only up to an ordinary depth, so
/// many of them hold no hidden memory. A shallow one still shows its frames.
fn dead_coroutines_keep_no_deep_chains<B: HeapBackend>() {
    let deep = r#"
local function deep(n) if n == 0 then error("bottom") end return deep(n - 1) + 1 end
local kept = {}
for i = 1, 200 do
  local co = coroutine.create(deep)
  assert(not coroutine.resume(co, 500))
  kept[i] = co
end
print(debug.traceback(kept[1], "deep"))
"#;
    let out = run::<B>(deep.as_bytes(), Some(500_000_000), Some(64 * MIB));
    assert_eq!(out.error, None, "{}", B::NAME);
    // lua5.4 would show the first ten and last eleven of its 502 levels.
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "deep\nstack traceback:\n",
        "{}",
        B::NAME
    );
    // Up to the limit the chain is kept (the suite's `lib_debug_dead_coroutine.lua`
    // compares such tracebacks with lua5.4; the in-process reference has no `debug`).
    let shallow = r#"
local function deep(n) if n == 0 then error("bottom") end return deep(n - 1) + 1 end
local co = coroutine.create(deep)
assert(not coroutine.resume(co, 40))
print(debug.traceback(co, "shallow"))
"#;
    let out = run::<B>(shallow.as_bytes(), None, None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("shallow\nstack traceback:\n\t[C]: in function 'error'\n")
            && text.contains("\t...\t(skipping"),
        "{}: {text}",
        B::NAME
    );
}

/// Run `src` under a memory limit, as [`run`] does, and return its error with the
/// largest heap the backend accounted for.
fn error_and_peak<B: HeapBackend>(src: &str, memory: usize) -> (Option<String>, usize) {
    let src = src.to_owned();
    std::thread::Builder::new()
        .stack_size(8 * MIB)
        .spawn(move || {
            let mut lua = luatb::Lua::<B>::new();
            lua.set_max_instructions(Some(500_000_000));
            lua.set_max_memory(Some(memory));
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                lua.exec(src.as_bytes(), CHUNK)
            }));
            let error = match r {
                Ok(r) => r.err().map(|e| e.to_string()),
                Err(_) => Some("<panic>".to_owned()),
            };
            (error, lua.peak_heap_bytes())
        })
        .expect("spawn")
        .join()
        .expect("the engine thread itself must not die")
}

/// How far past the limit the heap may get: the limit is enforced before a table grows,
/// and for other objects right after the instruction that made one, so the overshoot is
/// at most one small object (a key string, an empty table).
const LIMIT_SLACK: usize = 4096;

fn ten_million_keys_under_a_memory_limit<B: HeapBackend>() {
    for src in [
        "local t = {} for i = 1, 1e7 do t[i] = i end",
        "local t = {} for i = 1, 1e7 do t['k' .. i] = i end",
        "local t = {} for i = 1, 1e7 do t[i] = {} end",
        "local t = {} for i = 1, 1e7 do t[i * 1.5] = true end",
    ] {
        let (e, peak) = error_and_peak::<B>(src, 16 * MIB);
        let e = e.unwrap_or_else(|| panic!("{} ran to completion: {src}", B::NAME));
        assert_eq!(e, "not enough memory", "{} {src}", B::NAME);
        assert!(
            (8 * MIB..=16 * MIB + LIMIT_SLACK).contains(&peak),
            "{} {src}: peak {peak} bytes",
            B::NAME
        );
    }
    // The VM stays usable after the failure.
    let src =
        "local ok, e = pcall(function() local t = {} for i = 1, 1e7 do t[i .. ''] = i end end) \
               print(ok, e) local t = {} for i = 1, 10 do t[i] = i end print(#t)";
    let out = run::<B>(src.as_bytes(), Some(500_000_000), Some(16 * MIB));
    assert_eq!(out.error, None);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "false\tnot enough memory\n10\n"
    );
}

macro_rules! backend {
    ($module:ident, $heap:ty) => {
        mod $module {
            type H = $heap;
            #[test]
            fn deep_parentheses() {
                super::deep_parentheses::<H>()
            }
            #[test]
            fn deep_operator_chains() {
                super::deep_operator_chains::<H>()
            }
            #[test]
            fn huge_literals() {
                super::huge_literals::<H>()
            }
            #[test]
            fn string_rep_into_gigabytes() {
                super::string_rep_into_gigabytes::<H>()
            }
            #[test]
            fn endless_loops_stop_at_the_instruction_limit() {
                super::endless_loops_stop_at_the_instruction_limit::<H>()
            }
            #[test]
            fn recursion_through_metamethods() {
                super::recursion_through_metamethods::<H>()
            }
            #[test]
            fn coroutines_resumed_inside_resumes() {
                super::coroutines_resumed_inside_resumes::<H>()
            }
            #[test]
            fn dead_coroutines_keep_no_deep_chains() {
                super::dead_coroutines_keep_no_deep_chains::<H>()
            }
            #[test]
            fn library_work_is_bounded() {
                super::library_work_is_bounded::<H>()
            }
            #[test]
            fn depth_limits_are_reported() {
                super::depth_limits_are_reported::<H>()
            }
            #[test]
            fn binary_chunks_are_rejected() {
                super::binary_chunks_are_rejected::<H>()
            }
            #[test]
            fn catastrophic_patterns() {
                super::catastrophic_patterns::<H>()
            }
            #[test]
            fn erroring_close_and_sort() {
                super::erroring_close_and_sort::<H>()
            }
            #[test]
            fn ten_million_keys_under_a_memory_limit() {
                super::ten_million_keys_under_a_memory_limit::<H>()
            }
        }
    };
}

backend!(refcell, luatb_refcell::Heap);
backend!(r#unsafe, luatb_unsafe::Heap);
backend!(transaction, luatb_transaction::Heap);
backend!(guard, luatb_guard::Heap);
