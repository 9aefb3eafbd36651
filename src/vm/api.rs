//! The embedding API: what the CLI, the harness and the tests use.
//!
//! A doc-test of the whole API, on a real backend, is on the `luatb_harness` crate.

use super::{NativeFn, Vm};
use crate::error::{Error, LuaError};
use crate::function::{FunctionObj, LuaClosure, LuaProto, UpvalState};
use crate::heap::HeapBackend;
use crate::value::Value;

/// A Lua state on backend `B`, with the standard library opened.
pub struct Lua<B: HeapBackend> {
    pub vm: Vm<B>,
}

impl<B: HeapBackend> Default for Lua<B> {
    fn default() -> Self {
        Self::new()
    }
}

impl<B: HeapBackend> Lua<B> {
    pub fn new() -> Self {
        Lua { vm: Vm::new() }
    }

    /// A state for untrusted code: `new()` followed by `sandbox()`.
    pub fn new_sandboxed() -> Self {
        let mut lua = Self::new();
        lua.sandbox();
        lua
    }

    /// Take away files, processes, the host environment and collector settings (no `io`,
    /// `dofile`, `loadfile`; `os` keeps clock/time/date/difftime; `require` reads
    /// `package.preload` only). Call it before running untrusted code.
    pub fn sandbox(&mut self) {
        crate::stdlib::sandbox::apply(&mut self.vm);
    }

    /// From now on `print` (and `io.write`) append to an in-memory buffer instead of stdout.
    pub fn capture_output(&mut self) {
        self.vm.output = Some(Vec::new());
    }

    /// The captured output so far, emptying the buffer.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.vm
            .output
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Collect at every allocation checkpoint (`--gc-stress`), to find missing roots.
    pub fn set_gc_stress(&mut self, on: bool) {
        self.vm.gc.stress = on;
    }

    /// Past this many heap bytes an allocation raises "not enough memory". Tables never
    /// grow past it; other objects are checked at the collector's checkpoints, right
    /// after the instruction or library function that made them.
    pub fn set_max_memory(&mut self, bytes: Option<usize>) {
        self.vm.prepare_oom();
        self.vm.gc.max_memory = bytes;
        if let Some(b) = self.vm.heap.budget() {
            b.set_limit(bytes);
        }
        // The limit is checked where a collection would start: no later than at it.
        if let Some(max) = bytes {
            self.vm.gc.threshold = self.vm.gc.threshold.min(max);
        }
    }

    /// Test-only fault injection: make allocations fail as `f` says (`None`: never),
    /// counting from now. An allocation is any object the heap creates (string, table,
    /// closure, upvalue, userdata, thread) or any growth of a table. Each failure raises
    /// the catchable error "not enough memory": a table store fails on the spot, leaving
    /// the table as it was; a new object is kept and the error raised right after the
    /// instruction or library function that made it. A backend without a budget
    /// ([`HeapBackend::budget`]) ignores this.
    #[doc(hidden)]
    pub fn set_alloc_failure(&mut self, f: Option<crate::vm::gc::budget::AllocFailure>) {
        self.vm.prepare_oom();
        if let Some(b) = self.vm.heap.budget() {
            b.set_failure(f);
        }
    }

    /// Test-only: how many allocation failures have been injected so far.
    #[doc(hidden)]
    pub fn injected_failures(&self) -> u64 {
        self.vm.heap.budget().map_or(0, |b| b.injected())
    }

    /// Test-only: allocations counted since `set_alloc_failure(None)` (0 while armed), to
    /// choose where failures should fall.
    #[doc(hidden)]
    pub fn allocations(&self) -> u64 {
        self.vm.heap.budget().map_or(0, |b| b.allocations())
    }

    /// Raise an error once this many more VM instructions have run.
    pub fn set_max_instructions(&mut self, n: Option<u64>) {
        self.vm.set_max_instructions(n);
    }

    /// The largest heap size (the backend's own accounting) seen so far.
    pub fn peak_heap_bytes(&self) -> usize {
        self.vm.peak_heap_bytes()
    }

    /// Whether a depth limit has fired (a stack overflow, "C stack overflow" from nested
    /// native calls or resumes, "error in error handling"), caught or not.
    pub fn depth_limit_hit(&self) -> bool {
        self.vm.depth_limit_hit()
    }

    /// A full collection, finalizers included (`collectgarbage()`).
    pub fn collect_garbage(&mut self) {
        self.vm.full_gc();
        self.vm.run_finalizers();
    }

    /// Run every pending `__gc`, as lua.c does when it closes its state at exit.
    pub fn close(&mut self) {
        self.vm.close_state();
    }

    /// Behave as the stand-alone interpreter `lua5.4` does, whose message handler is in
    /// force while a chunk runs: errors that escape keep a stack traceback (the CLI prints
    /// it) and show a string message as a C string, cut at its first NUL, and an error
    /// from `load`'s reader outside any `pcall` comes back with a traceback appended.
    pub fn set_traceback(&mut self, on: bool) {
        self.vm.want_traceback = on;
    }

    /// Compile a chunk into a function. `chunkname` as for `load`.
    pub fn load(&mut self, source: &[u8], chunkname: &str) -> Result<Value<B>, Error> {
        let f = self.vm.load(source, chunkname).map_err(Error::Syntax)?;
        self.refused_allocation()?;
        Ok(f)
    }

    /// Compile and run a chunk.
    pub fn exec(&mut self, source: &[u8], chunkname: &str) -> Result<(), Error> {
        let f = self.load(source, chunkname)?;
        self.call(f, &[]).map(|_| ())
    }

    /// Call a Lua value with arguments; errors are rendered as lua.c renders them.
    pub fn call(&mut self, f: Value<B>, args: &[Value<B>]) -> Result<Vec<Value<B>>, Error> {
        let r = self.vm.call(f, args).map_err(|e| self.vm.render_error(e))?;
        self.refused_allocation()?;
        Ok(r)
    }

    /// An allocation failure recorded after the last checkpoint the VM passed is still
    /// an error of this API call.
    fn refused_allocation(&mut self) -> Result<(), Error> {
        if self.vm.heap.budget().is_some_and(|b| b.refused().is_some()) {
            let e = self.vm.oom_error();
            return Err(self.vm.render_error(e));
        }
        Ok(())
    }

    /// Make `f` callable from Lua as global `name`.
    pub fn register(&mut self, name: &str, f: NativeFn<B>) {
        self.vm.register(name, f);
    }

    pub fn set_global(&mut self, name: &str, v: Value<B>) {
        self.vm.set_global(name, v);
    }

    pub fn get_global(&self, name: &str) -> Value<B> {
        self.vm.get_global(name)
    }

    /// A Lua string value.
    pub fn string(&self, s: &str) -> Value<B> {
        self.vm.str(s)
    }

    /// A value as text, the way `tostring` shows it without metamethods.
    pub fn to_string_lossy(&self, v: Value<B>) -> String {
        String::from_utf8_lossy(&self.vm.tostring_raw(v)).into_owned()
    }
}

impl<B: HeapBackend> Vm<B> {
    /// Make the memory error's message now, while allocating it cannot fail.
    fn prepare_oom(&mut self) {
        if self.gc.oom_msg.is_none() {
            self.gc.oom_msg = Some(self.heap.intern(b"not enough memory"));
        }
    }

    /// Compile `source` into a closure over the global environment.
    pub fn load(&mut self, source: &[u8], chunkname: &str) -> Result<Value<B>, String> {
        self.load_with_env(source, chunkname.as_bytes(), true, None)
    }

    /// Compile `source` as `load` does: `file_prefix` skips a BOM and a `#` first line (as
    /// for files), and `env` (default: the globals) becomes the first upvalue.
    pub fn load_with_env(
        &mut self,
        source: &[u8],
        chunkname: &[u8],
        file_prefix: bool,
        env: Option<Value<B>>,
    ) -> Result<Value<B>, String> {
        let proto =
            crate::compiler::compile_chunk(source, chunkname, file_prefix).map_err(|e| e.0)?;
        let p = LuaProto::load(&proto, &self.heap);
        let env = env.unwrap_or(Value::Table(self.globals));
        let env = self.heap.new_upval(UpvalState::Closed(env));
        let upvals = (0..p.upvalues.len())
            .map(|i| {
                if i == 0 {
                    env
                } else {
                    self.heap.new_upval(UpvalState::Closed(Value::Nil))
                }
            })
            .collect();
        let f = self
            .heap
            .new_function(FunctionObj::Lua(LuaClosure { proto: p, upvals }));
        Ok(Value::Function(f))
    }

    /// The message lua.c prints for an error value (its `msghandler`).
    pub fn error_message(&mut self, v: Value<B>) -> String {
        self.handle_error_value(v, 0).0
    }

    /// lua.c's message handler: a string or number is the message; otherwise a
    /// `__tostring` that returns a string gives the message, with no traceback; otherwise
    /// "(error object is a T value)". A `__tostring` that raises an error hands that error
    /// to the handler in turn, as Lua does for an error inside a message handler, until
    /// the C stack overflows. Returns the message and whether a traceback follows it.
    pub(crate) fn handle_error_value(&mut self, v: Value<B>, depth: u32) -> (String, bool) {
        if let Value::Str(_) | Value::Int(_) | Value::Float(_) = v {
            let mut text = self.tostring_raw(v);
            if self.want_traceback {
                // lua.c's handler reads the message as a C string.
                text.truncate(text.iter().position(|&c| c == 0).unwrap_or(text.len()));
            }
            return (String::from_utf8_lossy(&text).into_owned(), true);
        }
        let tm = self.metamethod(v, super::meta::Event::ToString);
        if !tm.is_nil() {
            match self.call1(tm, &[v]) {
                Ok(Value::Str(s)) => return (self.lossy(s), false),
                Ok(_) => {}
                Err(e) if depth < super::MAX_NATIVE_DEPTH => {
                    return self.handle_error_value(e.value, depth + 1);
                }
                // lua.c's handler itself overflows the C stack then, and handles that.
                Err(_) => {
                    self.depth_limit_hit = true;
                    return ("C stack overflow".into(), true);
                }
            }
        }
        let message = format!("(error object is a {} value)", v.type_name());
        (message, true)
    }

    /// An error that escaped, as text. Standing for the stand-alone interpreter, the VM
    /// has already passed it through lua.c's handler where it was raised (see
    /// `Vm::apply_error_handler`): the message and its traceback are split apart again.
    pub(crate) fn render_error(&mut self, e: LuaError<B>) -> Error {
        if self.want_traceback && e.handled {
            if let Value::Str(s) = e.value {
                let text = self.lossy(s);
                const HEADER: &str = "\nstack traceback:\n";
                return match text.find(HEADER) {
                    Some(i) => Error::Runtime {
                        message: text[..i].to_owned(),
                        traceback: Some(text[i + 1..].to_owned()),
                    },
                    None => Error::Runtime {
                        message: text,
                        traceback: None,
                    },
                };
            }
        }
        let (message, _) = self.handle_error_value(e.value, 0);
        Error::Runtime {
            message,
            traceback: None,
        }
    }
}
