//! The contract between the Lua semantics (written once) and a borrow strategy (a backend).
//!
//! # Contract
//!
//! A backend owns every Lua object (strings, tables, functions, upvalues, userdata,
//! threads) and the register file of the running thread. The semantics layer reaches
//! them only through this trait, with these rules on both sides:
//!
//! - **`&self` everywhere.** The backend picks its own interior mutability (a transaction
//!   queue, `RefCell`, RAII guards, `UnsafeCell`); that choice is what is being measured.
//! - **Raw operations only.** No method calls back into the VM, runs Lua code or looks at
//!   a metatable on its own. Metamethods are the semantics layer's business, so no backend
//!   is ever re-entered while it is inside one of its own methods.
//! - **Values, never references.** Every method returns owned values (handles are `Copy`).
//!   Nothing borrowed from the heap outlives the call that produced it; the closures given
//!   to [`HeapBackend::with_str`] and [`HeapBackend::with_userdata`] must not call back
//!   into the heap, and those given to the register updates
//!   ([`HeapBackend::apply_regs`]) may read tables but not registers.
//! - **Handles stay valid** while the object is reachable from a root the collector
//!   knows of ([`crate::vm::gc`]: every thread's live registers and frames, open
//!   upvalues, globals, the registry, the basic types' metatables, the VM's interned
//!   event names, finalizers waiting to run). Unreachable objects are freed by
//!   [`HeapBackend::gc_sweep`] and their slots reused. A handle to a freed object (a
//!   stale handle) must be refused with a panic, never reach another object or memory:
//!   every backend keeps a generation (or stamp) per slot and checks it on access.
//! - **Collection happens only at checkpoints**: after an allocating opcode has stored
//!   its result, and after a native's results have been delivered, and never while a
//!   native is calling Lua through `Vm::call` (native depth above 1). So a native may
//!   hold handles in Rust locals for as long as it runs, even across `Vm::call`; what it
//!   returns is on the stack before the next checkpoint. Code that runs Lua from a place
//!   that is not a native (the VM's own `__close`, finalizers) holds its handles in
//!   registers or runs at a depth where no collection starts.
//! - **The collector's methods** (`gc_*`) are raw like the rest: marking, listing a
//!   table's fields, sweeping. A deferring backend has applied its queue when they run
//!   (the collector calls [`HeapBackend::sync`] first, and after clearing weak entries).
//! - **Reads see earlier writes.** A backend that defers writes (the transaction backend)
//!   must make them visible to any later read, and applies them by the next
//!   [`HeapBackend::sync`] at the latest.
//! - **Registers** are the slots of the running thread's stack, addressed absolutely.
//!   Reading a slot at or past [`HeapBackend::stack_size`] is a semantics-layer bug;
//!   the VM calls [`HeapBackend::grow_stack`] before it uses a new frame.
//! - **Strings are interned**: equal contents give equal handles, so string equality and
//!   hashing are handle equality and handle hashing.
//! - **Table semantics** are Lua's: `t[1.0]` is `t[1]` (the caller passes keys normalised
//!   by [`Key::new`]), nil values are absent, `length` returns a border, and `next`
//!   visits every key once while existing fields are assigned (including to nil).
//!   The shared [`crate::table::Table`] implements this; a backend wraps it.

use crate::error::HeapError;
use crate::function::{FunctionObj, UpvalState};
use crate::value::{Key, Value};
use crate::vm::ThreadState;
use std::any::Any;
use std::fmt::Debug;
use std::hash::Hash;

/// What every heap handle is: small, copyable, comparable and hashable by identity.
pub trait Handle: Copy + Eq + Hash + Debug + 'static {}
impl<T: Copy + Eq + Hash + Debug + 'static> Handle for T {}

/// Counters of the mechanisms a strategy pays for, read by the experiments.
/// A backend fills in what it has and leaves the rest at zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Transactions committed (transaction backend).
    pub commits: u64,
    /// Heap writes that went through a queue before being applied.
    pub queued_writes: u64,
    /// Window-to-stack synchronisations, and the slots they copied.
    pub window_syncs: u64,
    pub window_slots_copied: u64,
    /// Register protect/unprotect pairs.
    pub protections: u64,
    /// Values cloned out of the heap to be worked on (two-phase pattern).
    pub clones: u64,
    /// Dynamic borrow checks performed (RefCell, guards).
    pub borrows: u64,
}

/// A Lua heap and register file under one borrow strategy.
pub trait HeapBackend: Sized + 'static {
    /// The name used on the command line, in test modules and in CSV columns.
    const NAME: &'static str;
    /// Frames are placed at multiples of this many slots (register windows); 1 means a
    /// flat stack where a callee's registers start right after its arguments.
    const WINDOW: usize = 1;

    type Str: Handle;
    type Table: Handle;
    type Function: Handle;
    type Upval: Handle;
    type Userdata: Handle;
    type Thread: Handle;
    /// A frame's registers as the dispatch loop reaches them ([`HeapBackend::view`]).
    type View<'a>: RegisterView<Self>
    where
        Self: 'a;

    /// A fresh heap whose main thread is running with an empty stack.
    fn new() -> Self;

    // ---- strings -------------------------------------------------------------------
    /// The interned string with these bytes.
    fn intern(&self, bytes: &[u8]) -> Self::Str;
    /// Lend the bytes of `s` to `f`. `f` must not touch the heap.
    fn with_str<R>(&self, s: Self::Str, f: impl FnOnce(&[u8]) -> R) -> R;
    fn str_len(&self, s: Self::Str) -> usize {
        self.with_str(s, |b| b.len())
    }

    // ---- tables --------------------------------------------------------------------
    fn new_table(&self, narr: usize, nhash: usize) -> Self::Table;
    /// `t[k]` without metamethods; `k` is normalised.
    fn get(&self, t: Self::Table, k: Key<Self>) -> Value<Self>;
    fn get_int(&self, t: Self::Table, k: i64) -> Value<Self>;
    fn get_str(&self, t: Self::Table, k: Self::Str) -> Value<Self>;
    /// `t[k] = v` without metamethods; assigning nil removes the field.
    fn set(&self, t: Self::Table, k: Key<Self>, v: Value<Self>) -> Result<(), HeapError>;
    fn set_int(&self, t: Self::Table, k: i64, v: Value<Self>) -> Result<(), HeapError>;
    fn set_str(&self, t: Self::Table, k: Self::Str, v: Value<Self>) -> Result<(), HeapError>;
    /// `t[k] = v` if `t[k]` holds a non-nil value and `v` is not nil; returns whether it
    /// stored. The dispatch loop's first try for an assignment, as Lua's `luaV_fastset`:
    /// such a store runs no metamethod (an existing field is assigned raw under any
    /// metatable), cannot grow the table and cannot fail, so it needs neither the
    /// metatable nor the saved pc. Backends override the default for one lookup, not two.
    ///
    /// # Contract
    /// Returns true only after a store with exactly the effect of `set_str(t, k, v)`.
    /// Returns false, having changed nothing, whenever `v` or `t[k]` is nil, and may
    /// return false in the other cases too (a backend that gains nothing from this path
    /// leaves every store to `set_str`).
    #[inline]
    fn replace_str(&self, t: Self::Table, k: Self::Str, v: Value<Self>) -> bool {
        !v.is_nil() && !self.get_str(t, k).is_nil() && self.set_str(t, k, v).is_ok()
    }
    /// [`HeapBackend::replace_str`] for an integer key, under the same contract.
    #[inline]
    fn replace_int(&self, t: Self::Table, k: i64, v: Value<Self>) -> bool {
        !v.is_nil() && !self.get_int(t, k).is_nil() && self.set_int(t, k, v).is_ok()
    }
    /// Give `t` an array part of at least `n` slots for a constructor whose item count is
    /// known only at run time (`{f()}`, `{...}`), as Lua's SETLIST does: the items then
    /// keep their positions, holes included, and `#` sees the constructor's shape
    /// ([`crate::table::Table::reserve_array`]). Not a Lua-visible write.
    fn reserve_array(&self, t: Self::Table, n: usize);
    /// A border of `t` (the raw `#t`).
    fn length(&self, t: Self::Table) -> i64;
    /// The field after `k` in traversal order (`k` nil: the first), or `None` at the end.
    fn next(
        &self,
        t: Self::Table,
        k: Value<Self>,
    ) -> Result<Option<(Value<Self>, Value<Self>)>, HeapError>;
    fn metatable(&self, t: Self::Table) -> Option<Self::Table>;
    fn set_metatable(&self, t: Self::Table, mt: Option<Self::Table>);

    // ---- functions and upvalues ----------------------------------------------------
    fn new_function(&self, f: FunctionObj<Self>) -> Self::Function;
    /// What to run when `f` is called: a Lua prototype or a native function pointer.
    fn function(&self, f: Self::Function) -> crate::function::Callee<Self>;
    /// Upvalue `i` of Lua closure `f`.
    fn closure_upval(&self, f: Self::Function, i: usize) -> Self::Upval;
    /// Upvalue `i` of native closure `f` (a plain value, as in C closures).
    fn native_upvalue(&self, f: Self::Function, i: usize) -> Value<Self>;
    fn set_native_upvalue(&self, f: Self::Function, i: usize, v: Value<Self>);

    fn new_upval(&self, state: UpvalState<Self>) -> Self::Upval;
    /// The value an upvalue refers to: its own cell when closed, a stack slot when open.
    fn upval_get(&self, u: Self::Upval) -> Value<Self>;
    fn upval_set(&self, u: Self::Upval, v: Value<Self>);
    /// Close an open upvalue: copy the slot it refers to into its own cell.
    fn upval_close(&self, u: Self::Upval);
    /// Called before the VM captures register `slot` of the running thread in a closure.
    /// The transaction backend synchronises that register window to the stack here.
    fn before_capture(&self, _slot: usize) {}
    /// A Lua frame whose registers start at `base` is entered (pushed) or left (popped).
    /// The transaction backend allocates and protects register windows here. After
    /// `leave_frame` the VM still reads the left frame's registers (its results, the
    /// arguments of a tail call) before it enters another frame, so they must stay readable
    /// until then.
    fn enter_frame(&self, _base: usize) {}
    fn leave_frame(&self, _base: usize) {}

    // ---- threads and the register file ---------------------------------------------
    fn main_thread(&self) -> Self::Thread;
    fn new_thread(&self) -> Self::Thread;
    /// The thread whose stack the register operations address.
    fn current_thread(&self) -> Self::Thread;
    /// Make `th` the running thread. The VM's own per-thread state for the thread being
    /// left is stored from `state`, and `th`'s is loaded into it.
    /// Like growth, it replaces the register file, so it takes `&mut self`.
    fn switch_thread(&mut self, th: Self::Thread, state: &mut ThreadState<Self>);
    /// Lend the parked VM state of a thread that is not running to `f`.
    fn with_thread_state<R>(&self, th: Self::Thread, f: impl FnOnce(&ThreadState<Self>) -> R) -> R;
    /// Register `slot` of the running thread.
    fn reg(&self, slot: usize) -> Value<Self>;
    fn set_reg(&self, slot: usize, v: Value<Self>);
    /// The registers of the frame at `base`, lent while nothing can move the register
    /// file: growing the stack and switching threads take `&mut self`, so they cannot
    /// happen while a view is alive. A backend whose layout allows it gives a view that
    /// reaches a register in one load; [`Slots`] goes through [`HeapBackend::reg`].
    /// The VM takes a view per frame and takes it again after anything that needed
    /// `&mut` access to the VM (a call, a slow path).
    fn view(&self, base: usize) -> Self::View<'_>;
    /// `R[dst] := R[src]` as one access. The default is a read and a write; a backend
    /// that pays for each access (a dynamic borrow, a guard) pays once here. MOVE, the
    /// commonest instruction, is this.
    #[inline(always)]
    fn move_reg(&self, dst: usize, src: usize) {
        self.set_reg(dst, self.reg(src));
    }
    /// Two registers, anywhere in the stack, read as one access (the two operands of
    /// ADD, LT or GETTABLE); as with [`HeapBackend::move_reg`], the default reads twice.
    #[inline(always)]
    fn reg_pair(&self, i: usize, j: usize) -> [Value<Self>; 2] {
        [self.reg(i), self.reg(j)]
    }
    /// Whether [`HeapBackend::apply_regs`] beats a read and a write apart: true for a
    /// backend that pays for each register access (a borrow, a guard). The VM picks its
    /// arithmetic fast path by it, so that each backend runs the shape that suits it.
    const FUSED_UPDATES: bool = false;
    /// `R[dst] := f(R[i], R[j])` as one access: the fast path of binary arithmetic and of
    /// table reads. `f` gives nil for "no result here" (an operand that is not a number, a
    /// key that is absent): then nothing is stored and this returns false. `f` may read
    /// tables ([`HeapBackend::get`] and its kinds) but must not touch registers, so a
    /// backend may run it while it holds its register file.
    #[inline(always)]
    fn apply_regs(
        &self,
        dst: usize,
        i: usize,
        j: usize,
        f: impl FnOnce(Value<Self>, Value<Self>) -> Value<Self>,
    ) -> bool {
        let [x, y] = self.reg_pair(i, j);
        store_result(f(x, y), |v| self.set_reg(dst, v))
    }
    /// `R[dst] := f(R[i])` as one access, under the rules of [`HeapBackend::apply_regs`].
    #[inline(always)]
    fn apply_reg(&self, dst: usize, i: usize, f: impl FnOnce(Value<Self>) -> Value<Self>) -> bool {
        store_result(f(self.reg(i)), |v| self.set_reg(dst, v))
    }
    /// `f` on registers `from..from + N` in place, as one access (FORLOOP's counters).
    /// `f` touches no registers, as for [`HeapBackend::apply_regs`]. The default reads the
    /// registers and writes all `N` back.
    #[inline(always)]
    fn update_regs<const N: usize, R>(
        &self,
        from: usize,
        f: impl FnOnce(&mut [Value<Self>; N]) -> R,
    ) -> R {
        let mut vs = self.regs::<N>(from);
        let r = f(&mut vs);
        self.set_regs(from, vs);
        r
    }
    /// Registers `from..from + N`, read together: a backend whose layout allows it checks
    /// the range once instead of `N` times (FORLOOP reads three, writes four).
    #[inline(always)]
    fn regs<const N: usize>(&self, from: usize) -> [Value<Self>; N] {
        // A loop, not `array::from_fn`, which is not always inlined.
        let mut out = [Value::Nil; N];
        for (i, o) in out.iter_mut().enumerate() {
            *o = self.reg(from + i);
        }
        out
    }
    /// Set registers `from..from + N` together.
    #[inline(always)]
    fn set_regs<const N: usize>(&self, from: usize, vs: [Value<Self>; N]) {
        for (i, v) in vs.into_iter().enumerate() {
            self.set_reg(from + i, v);
        }
    }
    /// Copy `n` registers from `src..` to `dst..`; the ranges may overlap.
    fn copy_regs(&self, src: usize, dst: usize, n: usize) {
        if dst < src {
            for i in 0..n {
                self.set_reg(dst + i, self.reg(src + i));
            }
        } else {
            for i in (0..n).rev() {
                self.set_reg(dst + i, self.reg(src + i));
            }
        }
    }
    /// Set `n` registers from `from` to nil.
    fn clear_regs(&self, from: usize, n: usize) {
        for i in from..from + n {
            self.set_reg(i, Value::Nil);
        }
    }
    fn stack_size(&self) -> usize;
    /// Make the running thread's stack at least `size` slots, new slots nil. It may move
    /// the register file, hence `&mut self`: no [`HeapBackend::view`] survives it.
    fn grow_stack(&mut self, size: usize);

    // ---- userdata ------------------------------------------------------------------
    fn new_userdata(&self, data: Box<dyn Any>) -> Self::Userdata;
    fn userdata_metatable(&self, u: Self::Userdata) -> Option<Self::Table>;
    fn set_userdata_metatable(&self, u: Self::Userdata, mt: Option<Self::Table>);
    /// Lend the payload of `u` to `f`. `f` must not touch the heap.
    fn with_userdata<R>(&self, u: Self::Userdata, f: impl FnOnce(&mut dyn Any) -> R) -> R;

    // ---- sequence points and accounting --------------------------------------------
    /// A sequence point between two VM steps: the transaction backend commits here.
    fn sync(&self) {}
    /// Bytes of heap the backend accounts for.
    fn heap_bytes(&self) -> usize {
        0
    }
    fn counters(&self) -> Counters {
        Counters::default()
    }
    /// The allocation budget ([`crate::vm::gc::budget`]) this heap consults: `alloc` for
    /// every object it creates, `grow` before a table takes more memory (a refusal makes
    /// the store fail with [`HeapError::OutOfMemory`], the table unchanged). `None`: no
    /// memory limit on table growth and no injected failures.
    fn budget(&self) -> Option<&crate::vm::gc::budget::Budget> {
        None
    }

    // ---- the collector's side (see `crate::vm::gc`) --------------------------------
    /// Whether this backend frees objects; the collector never runs on one that does not.
    const COLLECTS: bool = false;
    /// Set the mark of `o`: true when it was clear, so the collector must trace `o`.
    fn gc_mark(&self, _o: GcObj<Self>) -> bool {
        false
    }
    fn gc_is_marked(&self, _o: GcObj<Self>) -> bool {
        true
    }
    /// Push what `o` refers to. A table gives its metatable only (the collector reads
    /// its fields with [`HeapBackend::gc_table_fields`] to honour weakness); a parked
    /// thread gives what [`crate::vm::gc::trace_parked`] finds, which also clears its dead
    /// stack slots; the running thread gives nothing (the VM holds its state).
    fn gc_refs(&self, _o: GcObj<Self>, _out: &mut Vec<GcObj<Self>>) {}
    /// Every field of `t`.
    fn gc_table_fields(&self, _t: Self::Table, _out: &mut Vec<(Value<Self>, Value<Self>)>) {}
    /// Tables and userdata registered for finalization (see
    /// [`crate::vm::gc::finalizer_seq`]), unmarked ones only or all, with their number.
    fn gc_finalizable(&self, _unmarked_only: bool, _out: &mut Vec<(GcObj<Self>, u32)>) {}
    /// Set the running thread's registers from `from` up to nil: the collector found
    /// them dead (above every frame), and a stale value there would keep garbage alive.
    fn gc_clear_stack_above(&self, from: usize) {
        let n = self.stack_size();
        if n > from {
            self.clear_regs(from, n - from);
        }
    }
    /// Free every unmarked object (strings leave the intern table) and clear the marks.
    fn gc_sweep(&self) {}
}

/// The registers of one frame, indexed from its base: `R[i]`. Indices come from
/// instruction fields, so they are below 256 in any chunk the compiler accepts; a view may
/// rely on that (an index past its frame's slots panics, never reaches another frame's
/// memory unchecked).
pub trait RegisterView<B: HeapBackend>: Copy {
    fn get(self, i: usize) -> Value<B>;
    fn set(self, i: usize, v: Value<B>);
    /// `R[dst] := R[src]`.
    #[inline(always)]
    fn mov(self, dst: usize, src: usize) {
        self.set(dst, self.get(src));
    }
    /// `R[i]` and `R[j]`, read together.
    #[inline(always)]
    fn get_pair(self, i: usize, j: usize) -> [Value<B>; 2] {
        [self.get(i), self.get(j)]
    }
    /// `R[dst] := f(R[i], R[j])` unless `f` gives nil ([`HeapBackend::apply_regs`]).
    #[inline(always)]
    fn apply2(
        self,
        dst: usize,
        i: usize,
        j: usize,
        f: impl FnOnce(Value<B>, Value<B>) -> Value<B>,
    ) -> bool {
        let [x, y] = self.get_pair(i, j);
        store_result(f(x, y), |v| self.set(dst, v))
    }
    /// `R[dst] := f(R[i])` unless `f` gives nil.
    #[inline(always)]
    fn apply1(self, dst: usize, i: usize, f: impl FnOnce(Value<B>) -> Value<B>) -> bool {
        store_result(f(self.get(i)), |v| self.set(dst, v))
    }
    /// `f` on `R[i..i + N]` in place ([`HeapBackend::update_regs`]).
    #[inline(always)]
    fn update_n<const N: usize, R>(self, i: usize, f: impl FnOnce(&mut [Value<B>; N]) -> R) -> R {
        let mut vs = self.get_n::<N>(i);
        let r = f(&mut vs);
        self.set_n(i, vs);
        r
    }
    /// `R[i..i + N]`, read together.
    #[inline(always)]
    fn get_n<const N: usize>(self, i: usize) -> [Value<B>; N] {
        let mut out = [Value::Nil; N];
        for (j, o) in out.iter_mut().enumerate() {
            *o = self.get(i + j);
        }
        out
    }
    /// Set `R[i..i + N]` together.
    #[inline(always)]
    fn set_n<const N: usize>(self, i: usize, vs: [Value<B>; N]) {
        for (j, v) in vs.into_iter().enumerate() {
            self.set(i + j, v);
        }
    }
}

/// Hand `v`, the result of a register update, to `store` unless it is nil (the update's
/// "no result here"); whether it did.
#[inline(always)]
pub fn store_result<B: HeapBackend>(v: Value<B>, store: impl FnOnce(Value<B>)) -> bool {
    if v.is_nil() {
        return false;
    }
    store(v);
    true
}

/// The view every backend can give: each access is a [`HeapBackend::reg`] or
/// [`HeapBackend::set_reg`] at `base + i`, with whatever that costs.
pub struct Slots<'a, B> {
    heap: &'a B,
    base: usize,
}

impl<'a, B> Slots<'a, B> {
    #[inline(always)]
    pub fn new(heap: &'a B, base: usize) -> Self {
        Slots { heap, base }
    }
}

impl<B> Clone for Slots<'_, B> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}
impl<B> Copy for Slots<'_, B> {}

impl<B: HeapBackend> RegisterView<B> for Slots<'_, B> {
    #[inline(always)]
    fn get(self, i: usize) -> Value<B> {
        self.heap.reg(self.base + i)
    }
    #[inline(always)]
    fn set(self, i: usize, v: Value<B>) {
        self.heap.set_reg(self.base + i, v)
    }
    #[inline(always)]
    fn mov(self, dst: usize, src: usize) {
        self.heap.move_reg(self.base + dst, self.base + src)
    }
    #[inline(always)]
    fn get_pair(self, i: usize, j: usize) -> [Value<B>; 2] {
        self.heap.reg_pair(self.base + i, self.base + j)
    }
    #[inline(always)]
    fn apply2(
        self,
        dst: usize,
        i: usize,
        j: usize,
        f: impl FnOnce(Value<B>, Value<B>) -> Value<B>,
    ) -> bool {
        let b = self.base;
        self.heap.apply_regs(b + dst, b + i, b + j, f)
    }
    #[inline(always)]
    fn apply1(self, dst: usize, i: usize, f: impl FnOnce(Value<B>) -> Value<B>) -> bool {
        self.heap.apply_reg(self.base + dst, self.base + i, f)
    }
    #[inline(always)]
    fn update_n<const N: usize, R>(self, i: usize, f: impl FnOnce(&mut [Value<B>; N]) -> R) -> R {
        self.heap.update_regs(self.base + i, f)
    }
    #[inline(always)]
    fn get_n<const N: usize>(self, i: usize) -> [Value<B>; N] {
        self.heap.regs(self.base + i)
    }
    #[inline(always)]
    fn set_n<const N: usize>(self, i: usize, vs: [Value<B>; N]) {
        self.heap.set_regs(self.base + i, vs)
    }
}

/// A heap object as the collector sees it.
pub enum GcObj<B: HeapBackend> {
    Str(B::Str),
    Table(B::Table),
    Function(B::Function),
    Upval(B::Upval),
    Userdata(B::Userdata),
    Thread(B::Thread),
}

impl<B: HeapBackend> Clone for GcObj<B> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<B: HeapBackend> Copy for GcObj<B> {}

impl<B: HeapBackend> PartialEq for GcObj<B> {
    fn eq(&self, o: &Self) -> bool {
        match (self, o) {
            (GcObj::Str(a), GcObj::Str(b)) => a == b,
            (GcObj::Table(a), GcObj::Table(b)) => a == b,
            (GcObj::Function(a), GcObj::Function(b)) => a == b,
            (GcObj::Upval(a), GcObj::Upval(b)) => a == b,
            (GcObj::Userdata(a), GcObj::Userdata(b)) => a == b,
            (GcObj::Thread(a), GcObj::Thread(b)) => a == b,
            _ => false,
        }
    }
}
impl<B: HeapBackend> Eq for GcObj<B> {}

impl<B: HeapBackend> std::hash::Hash for GcObj<B> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match self {
            GcObj::Str(x) => (0u8, x).hash(h),
            GcObj::Table(x) => (1u8, x).hash(h),
            GcObj::Function(x) => (2u8, x).hash(h),
            GcObj::Upval(x) => (3u8, x).hash(h),
            GcObj::Userdata(x) => (4u8, x).hash(h),
            GcObj::Thread(x) => (5u8, x).hash(h),
        }
    }
}

impl<B: HeapBackend> GcObj<B> {
    /// The object a value refers to, if it is one.
    #[inline]
    pub fn of(v: Value<B>) -> Option<Self> {
        match v {
            Value::Str(s) => Some(GcObj::Str(s)),
            Value::Table(t) => Some(GcObj::Table(t)),
            Value::Function(f) => Some(GcObj::Function(f)),
            Value::Userdata(u) => Some(GcObj::Userdata(u)),
            Value::Thread(t) => Some(GcObj::Thread(t)),
            _ => None,
        }
    }
    /// Push the object `v` refers to, if any.
    #[inline]
    pub fn push(out: &mut Vec<Self>, v: Value<B>) {
        if let Some(o) = Self::of(v) {
            out.push(o);
        }
    }
}
