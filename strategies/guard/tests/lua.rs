//! End to end: programs aimed at the guard mechanisms (writes into waiting frames through
//! upvalues, unwinding that must drop every frame guard, coroutines parked mid-call),
//! compared with what `/usr/bin/lua5.4` prints. Every run also ends with no guard alive.

use luatb::Lua;
use luatb_guard::Heap;
use std::io::Write;
use std::process::{Command, Stdio};

/// The reference's output for `src` loaded as chunk `=t`, or None without `lua5.4`.
fn reference(src: &str) -> Option<String> {
    let loader = "local f = assert(load(io.read('a'), '=t')); f()";
    let mut child = Command::new("/usr/bin/lua5.4")
        .args(["-e", loader])
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

/// Run `src` and compare with `want`, which must be what the reference prints (checked
/// when it is installed).
fn check(src: &str, want: &str) {
    let mut lua = Lua::<Heap>::new();
    lua.capture_output();
    if let Err(e) = lua.exec(src.as_bytes(), "=t") {
        panic!("error: {e}\n{src}");
    }
    let got = String::from_utf8_lossy(&lua.take_output()).into_owned();
    if let Some(reference) = reference(src) {
        assert_eq!(
            reference, want,
            "the expected output written here is stale\n{src}"
        );
    }
    assert_eq!(got, want, "\n{src}");
    let heap = &lua.vm.heap;
    assert!(heap.frame_bases().is_empty(), "{:?}", heap.frame_bases());
    assert_eq!(heap.floor(), 0);
    assert!(heap.is_released());
}

#[test]
fn closures_assign_locals_of_waiting_frames() {
    check(
        r##"
local function outer()
  local x, log = 0, "0"
  local function bump(n) x = x + n; log = log .. "," .. x end
  local function deeper(k) if k > 0 then bump(k); deeper(k - 1) end end
  deeper(4)
  return x, log
end
print(outer())
"##,
        "10\t0,4,7,9,10\n",
    );
}

#[test]
fn closures_made_in_a_loop_each_keep_their_variable() {
    check(
        r##"
local fs = {}
for i = 1, 4 do
  local j = i * i
  fs[i] = function(d) j = j + d; return j end
end
print(fs[1](1), fs[2](1), fs[3](0), fs[4](-16), fs[1](1))
"##,
        "2\t5\t9\t0\t3\n",
    );
}

#[test]
fn errors_unwind_every_frame_guard() {
    check(
        r##"
local function dive(n) if n == 0 then error("bottom") end return dive(n - 1) + 1 end
local function deep(n) if n == 0 then error({code = 7}) end local r = deep(n - 1) return r end
print(pcall(dive, 50))
local ok, e = pcall(deep, 30)
print(ok, e.code)
print(select('#', pcall(error)))
local t = setmetatable({}, {__index = function(_, k) return deep(3) end})
print(pcall(function() return t.x end) == false)
print(xpcall(dive, function(m) return "handled: " .. m end, 5))
"##,
        "false\tt:2: bottom\nfalse\t7\n2\ntrue\nfalse\thandled: t:2: bottom\n",
    );
}

#[test]
fn metamethods_and_results_land_in_the_caller() {
    check(
        r##"
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x}, V) end
V.__lt = function(a, b) return a.x < b.x end
V.__concat = function(a, b) return "v" .. (type(a) == "table" and a.x or a) .. (type(b) == "table" and b.x or b) end
V.__call = function(self, y) return self.x * y, self.x + y end
local a, b = setmetatable({x = 2}, V), setmetatable({x = 5}, V)
local c = a + b
print(c.x, a < b, b < a, a .. "!", "?" .. b, c(3))
local function many() return 1, 2, 3 end
local t = {many(), many()}
print(#t, select("#", many()), (many()))
"##,
        "7\ttrue\tfalse\tv2!\tv?5\t21\t10\n4\t3\t1\n",
    );
}

#[test]
fn coroutines_suspended_deep_in_calls() {
    check(
        r##"
local function walk(t, depth)
  for _, v in ipairs(t) do
    if type(v) == "table" then walk(v, depth + 1) else coroutine.yield(v, depth) end
  end
end
local gen = coroutine.wrap(function() walk({1, {2, {3, 4}}, 5}, 0) end)
local line = ""
for _ = 1, 5 do local v, d = gen() line = line .. v .. ":" .. d .. " " end
print(line)
local acc = 0
local producer = coroutine.create(function()
  local function add(n) acc = acc + n; coroutine.yield(acc) end
  for i = 1, 3 do add(i) end
  return "done"
end)
local line = ""
while true do
  local ok, v = coroutine.resume(producer)
  line = line .. tostring(v) .. " "
  if coroutine.status(producer) == "dead" then break end
end
print(line .. acc)
print(pcall(coroutine.wrap(function() local x = nil; return x.y end)))
"##,
        "1:0 2:1 3:2 4:2 5:0 \n1 3 6 done 6\nfalse\tt:24: attempt to index a nil value (local 'x')\n",
    );
}

#[test]
fn tail_calls_and_varargs_reuse_frames() {
    check(
        r##"
local function count(n, acc) if n == 0 then return acc end return count(n - 1, acc + 1) end
print(count(100000, 0))
local function pack(...) return select("#", ...), ... end
local function relay(...) return pack(...) end
print(relay(1, nil, 3, nil))
local function sum(...) local s = 0 for _, v in ipairs({...}) do s = s + v end return s end
local function five() return 1, 2, 3, 4, 5 end
print(sum(five()))
"##,
        "100000\n4\t1\tnil\t3\tnil\n15\n",
    );
}
