//! The engines a benchmark runs on, and one timed run of a program on one of them.
//!
//! What is timed, on every engine: compiling the chunk and running it to completion.
//! Creating the VM and opening its standard library happen before the clock starts, and
//! dropping it after the clock stops.
//!
//! Peak heap, per engine:
//! - luatb backends: the peak of the heap's own accounting over the run ([`luatb::Lua::peak_heap_bytes`]).
//! - reference: `lua_gc(LUA_GCCOUNT)` (mlua's `used_memory`), sampled by a hook every
//!   1000 VM instructions when `track_memory` is set (the runner does it on an untimed
//!   warm-up run only, so timed runs carry no hook); collections happen between samples,
//!   so the result can miss a short spike.
//! - piccolo: the arena's total allocation, sampled between the VM's fuel slices (it
//!   returns to the host every 4096 units of fuel anyway, so this costs nothing).

use crate::backends::{dispatch, BACKENDS};
use luatb::{HeapBackend, Lua, Value};
use std::cell::{Cell, RefCell};
use std::panic::AssertUnwindSafe;
use std::rc::Rc;
use std::time::Instant;

/// An engine: a luatb backend, `piccolo`, or the PUC-Rio reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Engine {
    Backend(&'static str),
    Piccolo,
    Reference,
}

/// The reference's name in CSV files and charts.
pub const REFERENCE: &str = "reference";
/// `piccolo`'s name in CSV files and charts.
pub const PICCOLO: &str = "piccolo";

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Backend(b) => b,
            Engine::Piccolo => PICCOLO,
            Engine::Reference => REFERENCE,
        }
    }

    /// Every engine: the backends in [`BACKENDS`] order, then piccolo, then the reference.
    pub fn all() -> Vec<Engine> {
        let mut v: Vec<Engine> = BACKENDS.iter().map(|b| Engine::Backend(b)).collect();
        v.push(Engine::Piccolo);
        v.push(Engine::Reference);
        v
    }

    pub fn parse(name: &str) -> Option<Engine> {
        Engine::all().into_iter().find(|e| e.name() == name)
    }
}

/// What one run produced.
#[derive(Clone, Debug, Default)]
pub struct Run {
    /// Compile plus run, wall clock.
    pub seconds: f64,
    /// See the module documentation for what each engine counts.
    pub peak_heap_bytes: Option<u64>,
    /// Everything `print` wrote.
    pub output: Vec<u8>,
    /// The uncaught error, or a panic's text.
    pub error: Option<String>,
}

/// Run `source` once on `engine` with the global `N` set to `n`.
pub fn run_once(engine: Engine, source: &str, n: i64, track_memory: bool) -> Run {
    let src = source.as_bytes();
    let run = std::panic::catch_unwind(AssertUnwindSafe(|| match engine {
        Engine::Backend(name) => dispatch!(name, run_luatb, src, n).unwrap_or_else(|| Run {
            error: Some(format!("unknown backend {name}")),
            ..Run::default()
        }),
        Engine::Reference => run_reference(src, n, track_memory),
        Engine::Piccolo => run_piccolo(src, n),
    }));
    run.unwrap_or_else(|p| Run {
        error: Some(format!("<panic: {}>", panic_text(&*p))),
        ..Run::default()
    })
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic".into())
}

fn run_luatb<B: HeapBackend>(src: &[u8], n: i64) -> Run {
    let mut lua = Lua::<B>::new();
    lua.capture_output();
    lua.set_global("N", Value::Int(n));
    let start = Instant::now();
    let result = lua.exec(src, "=bench");
    let seconds = start.elapsed().as_secs_f64();
    let error = result.err().map(|e| match e {
        luatb::Error::Syntax(m) => m,
        luatb::Error::Runtime { message, .. } => message,
    });
    Run {
        seconds,
        peak_heap_bytes: Some(lua.peak_heap_bytes() as u64),
        output: lua.take_output(),
        error,
    }
}

/// A `print` that buffers in Lua, so output costs the reference nothing from mlua.
const REFERENCE_PRINT: &str = r#"
local buf, n, tostring, select, concat = {}, 0, tostring, select, table.concat
print = function(...)
  for i = 1, select('#', ...) do
    if i > 1 then n = n + 1; buf[n] = "\t" end
    n = n + 1; buf[n] = tostring((select(i, ...)))
  end
  n = n + 1; buf[n] = "\n"
end
return function() return concat(buf, "", 1, n) end
"#;

fn run_reference(src: &[u8], n: i64, track_memory: bool) -> Run {
    match reference_inner(src, n, track_memory) {
        Ok(run) => run,
        Err(e) => Run {
            error: Some(format!("reference setup failed: {e}")),
            ..Run::default()
        },
    }
}

fn reference_inner(src: &[u8], n: i64, track_memory: bool) -> mlua::Result<Run> {
    use mlua::{HookTriggers, LuaOptions, StdLib, VmState};
    let lua = mlua::Lua::new_with(StdLib::ALL_SAFE, LuaOptions::new())?;
    let output: mlua::Function = lua.load(REFERENCE_PRINT).set_name("=print").call(())?;
    lua.globals().set("N", n)?;
    let peak = Rc::new(Cell::new(0usize));
    if track_memory {
        let p = peak.clone();
        lua.set_global_hook(
            HookTriggers::new().every_nth_instruction(1000),
            move |lua, _| {
                p.set(p.get().max(lua.used_memory()));
                Ok(VmState::Continue)
            },
        )?;
    }
    let chunk = lua.load(src).set_name("=bench");
    let start = Instant::now();
    let result = chunk.exec();
    let seconds = start.elapsed().as_secs_f64();
    if track_memory {
        lua.remove_global_hook();
        peak.set(peak.get().max(lua.used_memory()));
    }
    let text: mlua::LuaString = output.call(())?;
    Ok(Run {
        seconds,
        peak_heap_bytes: track_memory.then(|| peak.get() as u64),
        output: text.as_bytes().to_vec(),
        error: result.err().map(|e| e.to_string()),
    })
}

/// piccolo loops forever on some programs the reference finishes in milliseconds.
pub const PICCOLO_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

fn run_piccolo(src: &[u8], n: i64) -> Run {
    use piccolo::{Callback, CallbackReturn, Closure, Executor, Fuel};
    let mut lua = piccolo::Lua::full();
    let out = Rc::new(RefCell::new(Vec::new()));
    let sink = out.clone();
    lua.enter(|ctx| {
        let print = Callback::from_fn(&ctx, move |_, _, mut stack| {
            let mut buf = sink.borrow_mut();
            for i in 0..stack.len() {
                if i > 0 {
                    buf.push(b'\t');
                }
                piccolo_text(stack.get(i), &mut buf);
            }
            buf.push(b'\n');
            stack.clear();
            Ok(CallbackReturn::Return)
        });
        // Setting a string key cannot fail; the Result only covers nil and NaN keys.
        let _ = ctx.set_global("print", print);
        let _ = ctx.set_global("N", n);
    });
    let start = Instant::now();
    let loaded = lua.try_enter(|ctx| {
        let closure = Closure::load(ctx, Some("bench"), src)?;
        Ok(ctx.stash(Executor::start(ctx, closure.into(), ())))
    });
    let mut peak = lua.total_memory();
    let error = match loaded {
        Err(e) => Some(e.to_string()),
        Ok(executor) => {
            // `Lua::finish` does this loop; it is spelled out to sample memory between
            // slices, and to give up on a program piccolo never finishes.
            let mut timed_out = false;
            loop {
                let mut fuel = Fuel::with(4096);
                let done = lua.enter(|ctx| ctx.fetch(&executor).step(ctx, &mut fuel));
                peak = peak.max(lua.total_memory());
                if done {
                    break;
                }
                if start.elapsed() > PICCOLO_TIME_LIMIT {
                    timed_out = true;
                    break;
                }
            }
            if timed_out {
                Some(format!("gave up after {}s", PICCOLO_TIME_LIMIT.as_secs()))
            } else {
                lua.try_enter(|ctx| ctx.fetch(&executor).take_result::<()>(ctx)?)
                    .err()
                    .map(|e| e.to_string())
            }
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    let output = out.borrow().clone();
    Run {
        seconds,
        peak_heap_bytes: Some(peak as u64),
        output,
        error,
    }
}

/// piccolo's own `print` shows floats the way Rust does; Lua's `%.14g` is used instead so
/// that checksums printed as floats compare equal when the arithmetic agrees.
fn piccolo_text(v: piccolo::Value<'_>, buf: &mut Vec<u8>) {
    match v {
        piccolo::Value::Number(f) => luatb::number::write_float(buf, f),
        other => {
            let _ = other.display(&mut *buf);
        }
    }
}
