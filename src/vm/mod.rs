//! The virtual machine: one dispatch loop for every backend.
//!
//! Re-entrancy is solved the way piccolo solves it: a Lua function, a metamethod or the
//! body of a `pcall` is a new [`Frame`] on an explicit frame stack, never a Rust
//! recursion, and no heap borrow is held across any call (the backend contract forbids
//! it). Only library functions that call Lua from inside Rust (`table.sort`'s
//! comparator, `gsub`'s function) recurse, through [`Vm::call`], and those are bounded and
//! not yieldable, exactly as C functions without continuations are in PUC Lua.

mod api;
mod call;
pub mod debug;
mod execute;
pub mod gc;
pub mod meta;
mod natives;

pub use api::Lua;
pub use meta::Event;

use crate::error::LuaError;
use crate::function::LuaProto;
use crate::heap::HeapBackend;
use crate::value::Value;
use std::rc::Rc;

/// Where a native function's arguments are: registers `base .. base + nargs`.
#[derive(Clone, Copy, Debug)]
pub struct CallCtx {
    pub base: usize,
    pub nargs: usize,
}

/// A native function: reads its arguments through `cx`, pushes its results with
/// [`Vm::push`] and returns how many it pushed.
pub type NativeFn<B> = fn(&mut Vm<B>, CallCtx) -> Result<usize, LuaError<B>>;

/// Largest number of stack slots a thread may use (as LUAI_MAXSTACK).
pub const MAX_STACK: usize = 1_000_000;
/// Largest call depth; the window layout needs this as well as the slot limit.
pub const MAX_FRAMES: usize = 200_000;
/// Nested Rust-level calls (natives calling Lua), as LUAI_MAXCCALLS.
pub const MAX_NATIVE_DEPTH: u32 = 200;
/// Spare slots above a frame for metamethod calls and native pushes (as LUA_MINSTACK).
pub const EXTRA_STACK: usize = 40;
/// Bytes of a new string that cost one unit of the instruction budget ([`Vm::str`]).
pub const BYTES_PER_UNIT: usize = 256;

/// What happens to the results of a frame when it returns. Plain data, copied whole: see
/// [`FrameStack::pop`].
#[derive(Clone, Copy)]
pub(crate) enum ReturnTo {
    /// An ordinary call: results go to the function's slot, adjusted to this many
    /// (`-1`: all of them, setting the top).
    Results(i32),
    /// A metamethod called by an opcode: its first result continues that opcode.
    Meta(meta::MetaCont),
    /// The body of a `pcall`/`xpcall` (the frame below is the pcall's own). An xpcall's
    /// message handler waits in the first slot of that frame.
    Protected { handler: bool },
    /// Called from Rust through [`Vm::call`]: the nested dispatch loop stops here.
    Boundary,
    /// The body of a coroutine: its end finishes the `resume` in the resumer.
    CoroutineBody,
}

/// One activation record.
pub(crate) struct Frame<B: HeapBackend> {
    /// Slot holding the called function.
    pub func: usize,
    /// First register (Lua) or first argument (native).
    pub base: usize,
    /// Next instruction to run (Lua frames).
    pub pc: usize,
    /// Extra arguments of a vararg function, stored just below `func` by VARARGPREP.
    pub nvarargs: usize,
    pub proto: Option<Rc<LuaProto<B>>>,
    /// The running closure, for upvalue access (None for light natives).
    pub closure: Option<B::Function>,
    pub ret: ReturnTo,
}

impl<B: HeapBackend> Clone for Frame<B> {
    fn clone(&self) -> Self {
        Frame {
            func: self.func,
            base: self.base,
            pc: self.pc,
            nvarargs: self.nvarargs,
            proto: self.proto.clone(),
            closure: self.closure,
            ret: self.ret,
        }
    }
}

/// A thread's call stack. Popped frames stay in their slots (`len` says how many are live),
/// so a push overwrites an old slot field by field. A pushed `Frame` value is instead built
/// on the machine stack and copied in with wide loads over narrow stores; the CPU cannot
/// forward those, and the stall cost 13% of a call-heavy program's time (session 7 of the
/// performance changelog). A stale slot is never read: everything goes through the live
/// slice. Popping moves the slot's `Rc` out, so a stale slot holds plain data only.
pub(crate) struct FrameStack<B: HeapBackend> {
    slots: Vec<Frame<B>>,
    len: usize,
}

impl<B: HeapBackend> FrameStack<B> {
    pub(crate) fn new() -> Self {
        FrameStack {
            slots: Vec::new(),
            len: 0,
        }
    }

    /// Pushes a frame given by its fields (see the type's comment for why not a `Frame`).
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push_fields(
        &mut self,
        func: usize,
        base: usize,
        nvarargs: usize,
        proto: Option<Rc<LuaProto<B>>>,
        closure: Option<B::Function>,
        ret: ReturnTo,
    ) {
        if let Some(slot) = self.slots.get_mut(self.len) {
            slot.func = func;
            slot.base = base;
            slot.pc = 0;
            slot.nvarargs = nvarargs;
            slot.proto = proto;
            slot.closure = closure;
            slot.ret = ret;
        } else {
            self.grow(Frame {
                func,
                base,
                pc: 0,
                nvarargs,
                proto,
                closure,
                ret,
            });
        }
        self.len += 1;
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self, frame: Frame<B>) {
        self.slots.push(frame);
    }

    pub(crate) fn push(&mut self, frame: Frame<B>) {
        let Frame {
            func,
            base,
            pc,
            nvarargs,
            proto,
            closure,
            ret,
        } = frame;
        self.push_fields(func, base, nvarargs, proto, closure, ret);
        self.slots[self.len - 1].pc = pc;
    }

    /// The top frame, moved out: its slot keeps only plain data.
    #[inline(always)]
    pub(crate) fn pop(&mut self) -> Option<Frame<B>> {
        let len = self.len.checked_sub(1)?;
        self.len = len;
        let slot = &mut self.slots[len];
        Some(Frame {
            func: slot.func,
            base: slot.base,
            pc: slot.pc,
            nvarargs: slot.nvarargs,
            proto: slot.proto.take(),
            closure: slot.closure,
            // Copied, not replaced: writing a new tag into the slot made LLVM copy the
            // rest in two overlapping loads that the CPU could not forward from the
            // stores before them (17% of a call-heavy program's samples).
            ret: slot.ret,
        })
    }

    /// Pops the top frame when it returns to an ordinary call (`ReturnTo::Results`), the
    /// common case, giving its function slot and the results wanted: two fields read in
    /// place instead of a whole `Frame` moved out. Leaves any other frame in place.
    #[inline(always)]
    pub(crate) fn pop_returning_results(&mut self) -> Option<(usize, i32)> {
        let len = self.len.checked_sub(1)?;
        let slot = &mut self.slots[len];
        let ReturnTo::Results(wanted) = slot.ret else {
            return None;
        };
        slot.proto = None;
        self.len = len;
        Some((slot.func, wanted))
    }

    pub(crate) fn clear(&mut self) {
        self.slots.clear();
        self.len = 0;
    }
}

impl<B: HeapBackend> std::ops::Deref for FrameStack<B> {
    type Target = [Frame<B>];
    #[inline(always)]
    fn deref(&self) -> &[Frame<B>] {
        &self.slots[..self.len]
    }
}

impl<B: HeapBackend> std::ops::DerefMut for FrameStack<B> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [Frame<B>] {
        &mut self.slots[..self.len]
    }
}

impl<'a, B: HeapBackend> IntoIterator for &'a FrameStack<B> {
    type Item = &'a Frame<B>;
    type IntoIter = std::slice::Iter<'a, Frame<B>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Lifecycle of a coroutine, as `coroutine.status` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoStatus {
    Suspended,
    Running,
    Normal,
    Dead,
}

/// The VM's own state for one thread. The running thread's lives in the VM; the others'
/// are parked in their backend thread objects.
pub struct ThreadState<B: HeapBackend> {
    pub(crate) frames: FrameStack<B>,
    /// Open upvalues of this thread, sorted by slot.
    pub(crate) open_upvals: Vec<(usize, B::Upval)>,
    /// Slots holding to-be-closed variables, ascending.
    pub(crate) tbc: Vec<usize>,
    /// First free slot, meaningful after an instruction that leaves a variable number of
    /// values (CALL/VARARG with C = 0) and inside natives.
    pub(crate) top: usize,
    pub(crate) status: CoStatus,
    /// The thread that resumed this one, while it runs.
    pub(crate) resumer: Option<B::Thread>,
    /// Native nesting depth when this coroutine was last resumed: yielding is only
    /// possible from the same depth.
    pub(crate) resume_depth: u32,
    /// Metamethod frames in progress: they count against the C-call limit, as metamethod
    /// calls are C-level calls in PUC Lua.
    pub(crate) meta_depth: u32,
    /// The frames an error found when it started to unwind a coroutine that nothing
    /// protects. After the coroutine dies of it, `debug.traceback(co)` and
    /// `debug.getinfo(co, ...)` look at these, as lua5.4 leaves a dead coroutine's call
    /// chain in place until `coroutine.close`. Only chains of ordinary depth are kept
    /// (`call::WRECK_FRAMES`).
    pub(crate) wreck: Option<Box<Wreck<B>>>,
}

/// See [`ThreadState::wreck`].
pub(crate) struct Wreck<B: HeapBackend> {
    /// The error being unwound: the same error passing a native that re-raises it
    /// (a `table.sort` comparator's, say) keeps the deeper picture.
    pub(crate) error: Value<B>,
    pub(crate) frames: Vec<Frame<B>>,
    /// Each frame's function, read while its registers were still there (a dead
    /// coroutine's stack may be freed).
    pub(crate) funcs: Vec<Value<B>>,
}

impl<B: HeapBackend> Default for ThreadState<B> {
    fn default() -> Self {
        ThreadState {
            frames: FrameStack::new(),
            open_upvals: Vec::new(),
            tbc: Vec::new(),
            top: 0,
            status: CoStatus::Suspended,
            resumer: None,
            resume_depth: 0,
            meta_depth: 0,
            wreck: None,
        }
    }
}

/// A request a special native leaves for the dispatch loop, which carries it out after the
/// native returns (calls that must not recurse in Rust).
pub(crate) enum Pending<B: HeapBackend> {
    /// pcall/xpcall: call the function at `func` with `nargs` arguments, protected; the
    /// xpcall handler (if `handler`) is in the pcall frame's first slot.
    Protected {
        func: usize,
        nargs: usize,
        handler: bool,
    },
    /// coroutine.resume: run `co`, passing the `nargs` values at `first`.
    Resume {
        co: B::Thread,
        first: usize,
        nargs: usize,
    },
    /// coroutine.yield: suspend the running coroutine with `n` values at the top.
    Yield { n: usize },
}

/// Metatables of the basic types other than tables and userdata.
pub(crate) struct TypeMetatables<B: HeapBackend> {
    pub string: Option<B::Table>,
    pub number: Option<B::Table>,
    pub boolean: Option<B::Table>,
    pub nil: Option<B::Table>,
    pub function: Option<B::Table>,
    pub thread: Option<B::Table>,
}

/// A Lua state on one backend: the heap plus the execution state of the running thread.
pub struct Vm<B: HeapBackend> {
    pub heap: B,
    pub(crate) state: ThreadState<B>,
    pub(crate) globals: B::Table,
    pub(crate) registry: B::Table,
    pub(crate) type_mt: TypeMetatables<B>,
    /// Interned names of the metamethods, indexed by [`Event`].
    pub(crate) event_names: Vec<B::Str>,
    pub(crate) pending: Option<Pending<B>>,
    /// Rust-level nesting of dispatch loops.
    pub(crate) native_depth: u32,
    /// Captured output of `print`, when an embedder asked for it.
    pub(crate) output: Option<Vec<u8>>,
    /// Stand for the stand-alone interpreter: its message handler (lua.c's `msghandler`)
    /// is in force where no `pcall` is (see `Vm::apply_error_handler`).
    pub(crate) want_traceback: bool,
    /// While a message handler runs, the first frame above the ones it handles: an error
    /// that escapes the handler is not handled again (see `Vm::apply_error_handler`).
    pub(crate) handler_floor: Option<usize>,
    /// Whether a depth limit (the Lua stack, nested native calls, nested resumes, error
    /// handlers) has fired since the VM was made: where each overflows is this
    /// implementation's choice, so a differential test does not compare such a run.
    pub(crate) depth_limit_hit: bool,
    /// Running code on behalf of another thread on this one's stack (the `__close`
    /// handlers of a coroutine that died by error), where lua.c's handler is not in force.
    pub(crate) for_other_thread: bool,
    /// Thread switches so far: a call that switched threads left another frame on top.
    pub(crate) switches: u64,
    /// The collector's pacing, modes and finalizer queue.
    pub gc: gc::GcState<B>,
    /// Instructions left before `--max-instructions` raises an error (`u64::MAX`: none).
    /// A `Cell`, so that making a string through `&self` ([`Vm::str`]) can charge it.
    pub(crate) instr_budget: std::cell::Cell<u64>,
    /// The budget as last set, so that [`Vm::instructions_run`] can tell what was spent.
    pub(crate) instr_armed: u64,
}

impl<B: HeapBackend> Vm<B> {
    /// A VM with an empty global table and no libraries.
    pub fn bare() -> Self {
        let heap = B::new();
        let globals = heap.new_table(0, 64);
        let registry = heap.new_table(2, 8);
        let event_names = Event::EVERY
            .iter()
            .map(|e| heap.intern(e.name().as_bytes()))
            .collect();
        let mut vm = Vm {
            heap,
            state: ThreadState::default(),
            globals,
            registry,
            type_mt: TypeMetatables {
                string: None,
                number: None,
                boolean: None,
                nil: None,
                function: None,
                thread: None,
            },
            event_names,
            pending: None,
            native_depth: 0,
            output: None,
            want_traceback: false,
            handler_floor: None,
            depth_limit_hit: false,
            for_other_thread: false,
            switches: 0,
            gc: gc::GcState::default(),
            instr_budget: std::cell::Cell::new(u64::MAX),
            instr_armed: u64::MAX,
        };
        vm.state.status = CoStatus::Running;
        vm.heap.grow_stack(EXTRA_STACK);
        let main = vm.heap.main_thread();
        let _ = vm.heap.set_int(vm.registry, 1, Value::Thread(main));
        let g = Value::Table(vm.globals);
        let _ = vm.heap.set_int(vm.registry, 2, g);
        vm
    }

    /// A VM with the standard library opened.
    pub fn new() -> Self {
        let mut vm = Self::bare();
        crate::stdlib::open_all(&mut vm);
        vm
    }

    pub fn globals(&self) -> B::Table {
        self.globals
    }

    /// Intern a string and wrap it as a value.
    #[inline]
    pub fn str(&self, s: impl AsRef<[u8]>) -> Value<B> {
        let s = s.as_ref();
        self.charge_bytes(s.len());
        Value::Str(self.heap.intern(s))
    }

    /// Making a string costs time in its length (copying and hashing it), which a native
    /// spends in one step: under `--max-instructions` it costs one unit per
    /// [`BYTES_PER_UNIT`] bytes, so that a loop of instructions that each make a
    /// megabyte string still ends at the limit. Past the budget, the next instruction
    /// raises the error.
    #[inline]
    pub(crate) fn charge_bytes(&self, len: usize) {
        let units = (len / BYTES_PER_UNIT) as u64;
        if units > 0 {
            let b = self.instr_budget.get();
            self.instr_budget.set(b.saturating_sub(units).max(1));
        }
    }

    /// Copy a string's bytes out of the heap. This costs the whole string: a library
    /// function that needs only part of it, or that runs once per character of a loop,
    /// reads it in place with `heap.with_str` instead.
    pub fn str_bytes(&self, s: B::Str) -> Vec<u8> {
        self.heap.with_str(s, |b| b.to_vec())
    }

    /// Copy bytes `range` of a string out of the heap, and only those.
    pub fn str_piece(&self, s: B::Str, range: std::ops::Range<usize>) -> Vec<u8> {
        self.heap.with_str(s, |b| b[range].to_vec())
    }

    /// Set a global by name (no metamethods).
    pub fn set_global(&mut self, name: &str, v: Value<B>) {
        let k = self.heap.intern(name.as_bytes());
        let _ = self.heap.set_str(self.globals, k, v);
    }

    pub fn get_global(&self, name: &str) -> Value<B> {
        let k = self.heap.intern(name.as_bytes());
        self.heap.get_str(self.globals, k)
    }

    /// Register a native function as a global.
    pub fn register(&mut self, name: &str, f: NativeFn<B>) {
        self.set_global(name, Value::Native(f));
    }

    // ---- the native-function interface ---------------------------------------------

    /// Argument `i` (0-based) of a native call, nil when absent.
    #[inline]
    pub fn arg(&self, cx: CallCtx, i: usize) -> Value<B> {
        if i < cx.nargs {
            self.heap.reg(cx.base + i)
        } else {
            Value::Nil
        }
    }

    /// Push a result of a native call.
    #[inline]
    pub fn push(&mut self, v: Value<B>) {
        let top = self.state.top;
        if top >= self.heap.stack_size() {
            self.heap.grow_stack(top + EXTRA_STACK);
        }
        self.heap.set_reg(top, v);
        self.state.top = top + 1;
    }

    /// Make room for `n` more pushes, or fail with "stack overflow".
    pub fn check_stack(&mut self, n: usize) -> Result<(), LuaError<B>> {
        let need = self.state.top + n;
        if need > MAX_STACK * B::WINDOW.max(1) {
            return Err(self.native_error("stack overflow (too many values)"));
        }
        if need + EXTRA_STACK > self.heap.stack_size() {
            self.heap.grow_stack(need + EXTRA_STACK);
        }
        Ok(())
    }

    /// Where `print` writes.
    pub fn write_out(&mut self, bytes: &[u8]) {
        use std::io::Write;
        match &mut self.output {
            Some(buf) => buf.extend_from_slice(bytes),
            None => {
                let _ = std::io::stdout().write_all(bytes);
            }
        }
    }
}

impl<B: HeapBackend> Vm<B> {
    pub fn registry(&self) -> B::Table {
        self.registry
    }

    pub fn set_string_metatable(&mut self, mt: Option<B::Table>) {
        self.type_mt.string = mt;
    }

    /// A suspended coroutine that will run `f`.
    pub fn new_coroutine(&mut self, f: Value<B>) -> B::Thread {
        let co = self.heap.new_thread();
        let me = self.heap.current_thread();
        self.heap.switch_thread(co, &mut self.state);
        self.heap.grow_stack(EXTRA_STACK);
        self.heap.set_reg(0, f);
        self.state.top = 1;
        self.state.status = CoStatus::Suspended;
        self.heap.switch_thread(me, &mut self.state);
        co
    }

    pub fn co_status(&self, co: B::Thread) -> CoStatus {
        if co == self.heap.current_thread() {
            self.state.status
        } else {
            self.heap.with_thread_state(co, |s| s.status)
        }
    }

    /// Whether `coroutine.yield` would work here.
    pub fn is_yieldable(&self) -> bool {
        self.state.resumer.is_some() && self.state.resume_depth == self.native_depth
    }

    /// `coroutine.close`: run the pending `__close`s of a suspended coroutine and kill it.
    /// Returns the error a `__close` raised, if any.
    pub fn close_coroutine(&mut self, co: B::Thread) -> Option<Value<B>> {
        if self.co_status(co) == CoStatus::Dead {
            return None;
        }
        let me = self.heap.current_thread();
        self.heap.switch_thread(co, &mut self.state);
        self.switches += 1;
        self.close_upvals(0);
        let r = self.close_tbc(0);
        self.state.frames.clear();
        self.state.status = CoStatus::Dead;
        self.heap.switch_thread(me, &mut self.state);
        self.switches += 1;
        r.err().map(|e| e.value)
    }
}

impl<B: HeapBackend> ThreadState<B> {
    /// Where the coroutine is in its life.
    pub fn status(&self) -> CoStatus {
        self.status
    }
}

impl<B: HeapBackend> Default for Vm<B> {
    fn default() -> Self {
        Self::new()
    }
}
