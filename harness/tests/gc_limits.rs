//! The embedding API's limits and collector settings, on every backend: a memory limit
//! raises a catchable "not enough memory" and leaves the state usable, an instruction
//! limit raises an error that no `pcall` outlives, and the heap's own accounting shows
//! collection at work.

use luatb::{HeapBackend, Lua};

fn run<B: HeapBackend>(lua: &mut Lua<B>, src: &str) -> Result<String, String> {
    lua.capture_output();
    match lua.exec(src.as_bytes(), "=test") {
        Ok(()) => Ok(String::from_utf8_lossy(&lua.take_output()).into_owned()),
        Err(e) => Err(e.to_string()),
    }
}

fn memory_limit_is_catchable<B: HeapBackend>() {
    let mut lua = Lua::<B>::new();
    lua.set_max_memory(Some(8 << 20));
    let out = run(
        &mut lua,
        r#"
        local ok, err = pcall(function()
          local t = {}
          for i = 1, 1e9 do t[i] = {i} end
        end)
        print(ok, err)
        collectgarbage()
        local s = 0
        for i = 1, 1000 do s = s + #{i, i} end
        print("usable", s)
        "#,
    )
    .expect("the script itself succeeds");
    assert_eq!(
        out,
        "false\tnot enough memory\nusable\t2000\n",
        "{}",
        B::NAME
    );
    // The heap really got near the limit: the refused step (the array part doubling,
    // or the next small table) leaves the recorded peak within a quarter of it.
    let peak = lua.peak_heap_bytes();
    assert!(peak >= (8 << 20) * 3 / 4, "{}: peak {peak}", B::NAME);
}

fn instruction_limit_raises<B: HeapBackend>() {
    let mut lua = Lua::<B>::new();
    lua.set_max_instructions(Some(100_000));
    let err = run(&mut lua, "local i = 0 while true do i = i + 1 end").unwrap_err();
    assert!(err.contains("instruction limit"), "{}: {err}", B::NAME);
    // The limit stays exhausted until the embedder re-arms it; then the state goes on.
    let again = run(&mut lua, "print(1 + 1)").unwrap_err();
    assert!(again.contains("instruction limit"), "{}: {again}", B::NAME);
    lua.set_max_instructions(None);
    assert_eq!(run(&mut lua, "print(1 + 1)").unwrap(), "2\n");
}

fn instruction_limit_survives_pcall<B: HeapBackend>() {
    let mut lua = Lua::<B>::new();
    lua.set_max_instructions(Some(100_000));
    let escape = "local n = 0 \
                  while true do n = n + 1 pcall(function() while true do end end) end";
    let err = run(&mut lua, escape).unwrap_err();
    assert!(err.contains("instruction limit"), "{}: {err}", B::NAME);
    let handler = "local ok, m = xpcall(function() while true do end end, \
                   function(m) while true do end end) print(ok, m)";
    let err = run(&mut lua, handler);
    assert!(
        matches!(&err, Err(e) if e.contains("instruction limit")),
        "{}: {err:?}",
        B::NAME
    );
}

/// A table stops growing at the limit: the store that would pass it fails, every entry
/// written before stays, and the heap never went past the limit.
fn table_growth_stops_at_the_limit<B: HeapBackend>() {
    let mut lua = Lua::<B>::new();
    lua.set_max_memory(Some(4 << 20));
    let out = run(
        &mut lua,
        r#"
        local t = {}
        local ok, e = pcall(function() for i = 1, 1e7 do t[i] = i end end)
        local n, bad = #t, 0
        for i = 1, n do if t[i] ~= i then bad = bad + 1 end end
        print(ok, e, n > 1000, bad, t[n + 1])
        t = nil
        collectgarbage()
        local u = {} for i = 1, 1000 do u[i] = i end
        print(#u)
        "#,
    )
    .expect("the script itself succeeds");
    assert_eq!(
        out,
        "false\tnot enough memory\ttrue\t0\tnil\n1000\n",
        "{}",
        B::NAME
    );
    assert!(lua.peak_heap_bytes() <= (4 << 20) + 4096, "{}", B::NAME);
}

/// A growth refused at the limit is retried after a collection: here the garbage left
/// by `g` makes room, with no checkpoint in between that could have collected it.
fn refused_growth_collects_and_retries<B: HeapBackend>() {
    let mut lua = Lua::<B>::new();
    lua.set_max_memory(Some(8 << 20));
    let out = run(
        &mut lua,
        r#"
        local t, g = {}, {}
        for i = 1, 200000 do g[i] = i end
        g = nil
        for i = 1, 200000 do t[i] = i end
        print(#t)
        "#,
    );
    assert_eq!(out.as_deref(), Ok("200000\n"), "{}", B::NAME);
}

fn garbage_does_not_accumulate<B: HeapBackend>() {
    let mut lua = Lua::<B>::new();
    run(&mut lua, "for i = 1, 300000 do local t = {i, {i}} end").unwrap();
    // 600k tables of ~100 bytes each would be ~60 MB without a collector.
    assert!(
        lua.peak_heap_bytes() < 8 << 20,
        "{}: peak {}",
        B::NAME,
        lua.peak_heap_bytes()
    );
}

fn stress_mode_runs_a_program<B: HeapBackend>() {
    let mut lua = Lua::<B>::new();
    lua.set_gc_stress(true);
    let out = run(
        &mut lua,
        r#"
        local t = setmetatable({}, {__mode = "v"})
        local keep = {}
        for i = 1, 50 do
          local v = {i}
          t[i] = v
          if i % 10 == 0 then keep[#keep + 1] = v end
        end
        local n = 0
        for _ in pairs(t) do n = n + 1 end
        print(n, #keep, table.concat({"a", "b"}, "-"))
        "#,
    )
    .unwrap();
    assert_eq!(out, "5\t5\ta-b\n", "{}", B::NAME);
}

fn close_runs_pending_finalizers<B: HeapBackend>() {
    let mut lua = Lua::<B>::new();
    let out = run(
        &mut lua,
        r#"
        keep1 = setmetatable({}, {__gc = function() print("closing 1") end})
        keep2 = setmetatable({}, {__gc = function() print("closing 2") end})
        print("end")
        "#,
    )
    .unwrap();
    assert_eq!(out, "end\n");
    lua.close();
    let closing = String::from_utf8_lossy(&lua.take_output()).into_owned();
    assert_eq!(closing, "closing 2\nclosing 1\n", "{}", B::NAME);
}

macro_rules! backend_mod {
    ($name:ident, $heap:ty, $($test:ident),*) => {
        mod $name { $(#[test] fn $test() { super::$test::<$heap>() })* }
    };
}

macro_rules! on_every_backend {
    ($($test:ident),*) => {
        backend_mod!(refcell, luatb_refcell::Heap, $($test),*);
        backend_mod!(r#unsafe, luatb_unsafe::Heap, $($test),*);
        backend_mod!(guard, luatb_guard::Heap, $($test),*);
        backend_mod!(transaction, luatb_transaction::Heap, $($test),*);
    };
}

on_every_backend!(
    memory_limit_is_catchable,
    instruction_limit_raises,
    instruction_limit_survives_pcall,
    table_growth_stops_at_the_limit,
    refused_growth_collects_and_retries,
    garbage_does_not_accumulate,
    stress_mode_runs_a_program,
    close_runs_pending_finalizers
);
