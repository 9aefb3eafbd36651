//! End to end: programs that stress what this backend does without checks (the register
//! file moving under open upvalues, thread switches, arenas growing while the VM holds
//! handles), compared with `/usr/bin/lua5.4` when it is installed.

use luatb::Lua;
use luatb_unsafe::Heap;
use std::io::Write;
use std::process::{Command, Stdio};

fn reference(src: &str) -> Option<String> {
    let mut child = Command::new("/usr/bin/lua5.4")
        // Loaded under the chunk name the test uses, so error positions agree.
        .args(["-e", "assert(load(io.read('a'), '=t'))()"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(src.as_bytes())
        .expect("write to lua5.4");
    let out = child.wait_with_output().expect("lua5.4 runs");
    assert!(out.status.success(), "reference failed on:\n{src}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Run `src`; its output must be `want`, which must be what the reference prints.
fn check(src: &str, want: &str) {
    if let Some(r) = reference(src) {
        assert_eq!(r, want, "the expected output written here is stale\n{src}");
    }
    let mut lua = Lua::<Heap>::new();
    lua.capture_output();
    if let Err(e) = lua.exec(src.as_bytes(), "=t") {
        panic!("error: {e}\n{src}");
    }
    assert_eq!(String::from_utf8_lossy(&lua.take_output()), want, "\n{src}");
}

#[test]
fn open_upvalues_survive_stack_growth() {
    // Deep recursion grows (and moves) the stack while counters keep open upvalues on
    // the frames below.
    check(
        r##"
local function deep(n, acc)
  local seen = 0
  local function bump() seen = seen + 1; return seen end
  if n == 0 then return bump() + acc end
  local r = deep(n - 1, acc + bump())
  return r + bump()
end
print(deep(3000, 0))
"##,
        "9001\n",
    );
}

#[test]
fn coroutines_share_upvalues_across_threads() {
    check(
        r##"
local log = {}
local shared = 0
local function worker(id)
  return coroutine.wrap(function()
    for i = 1, 3 do
      shared = shared + id
      log[#log + 1] = id .. ":" .. shared
      coroutine.yield(i)
    end
    return "done" .. id
  end)
end
local a, b = worker(1), worker(10)
for _ = 1, 4 do
  local x, y = a(), b()
  log[#log + 1] = tostring(x) .. "/" .. tostring(y)
end
print(table.concat(log, " "))
local co = coroutine.create(function(...)
  local t = {...}
  local inner = coroutine.wrap(function() for i = 1, #t do coroutine.yield(t[i] * 2) end end)
  local s = 0
  for _ = 1, #t do s = s + inner(); coroutine.yield(s) end
  return "end"
end)
local out = {}
repeat
  local ok, v = coroutine.resume(co, 1, 2, 3, 4)
  out[#out + 1] = tostring(v)
until coroutine.status(co) == "dead"
print(table.concat(out, ","))
"##,
        "1:1 10:11 1/1 1:12 10:22 2/2 1:23 10:33 3/3 done1/done10\n2,6,12,20,end\n",
    );
}

#[test]
fn arenas_grow_while_the_vm_holds_handles() {
    check(
        r##"
local objs = {}
for i = 1, 20000 do
  local t = {i, name = "n" .. i}
  objs[i] = function() return t[1], t.name end
end
local s, last = 0, nil
for i = 1, #objs, 997 do
  local v, n = objs[i]()
  s = s + v
  last = n
end
print(s, last, #objs)
local m = setmetatable({}, {__index = function(t, k) return k * 2 end})
local acc = 0
for i = 1, 1000 do acc = acc + m[i] end
print(acc)
"##,
        "209391\tn19941\t20000\n1001000\n",
    );
}

#[test]
fn errors_unwind_cleanly() {
    check(
        r##"
local function boom(n) if n == 0 then error({code = 7}) end return boom(n - 1) + 1 end
local ok, e = pcall(boom, 500)
print(ok, type(e), e.code)
local co = coroutine.wrap(function() local x <close> = setmetatable({}, {__close = function() print("closed") end}); error("in co") end)
print(pcall(co))
print(select("#", pcall(string.rep, "x", -1)))
"##,
        "false\ttable\t7\nclosed\nfalse\tt:5: in co\n2\n",
    );
}
