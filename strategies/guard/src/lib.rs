//! The `guard` strategy: every heap and register access goes through an RAII guard.
//! Acquiring a guard borrows, dropping it releases, and nothing is deferred.
//!
//! - **Objects** live in one [`Arena`] per kind. A trait method takes an [`ArenaGuard`] or
//!   [`ArenaGuardMut`] on exactly the object it touches, copies values out or writes in
//!   place, and the guard drops when the method returns. A mutable guard's `Drop` commits
//!   the object's growth to the byte count (see [`arena`] for why the flag under a guard
//!   is a `RefCell`'s).
//! - **Registers** are a flat stack (`WINDOW = 1`) reached through register guards
//!   ([`registers::RegGuard`], [`registers::RegGuardMut`]). `enter_frame` pushes a
//!   [`RegisterWindowGuard`] for the new Lua frame on a guard stack inside the backend
//!   and `leave_frame` pops it; its `Drop` lowers the write floor again. This is the
//!   seed's protect/unprotect pair made automatic: while a frame runs, its callers'
//!   registers are protected from register writes (the exact rule, results included, is
//!   in [`registers`]).
//! - **Threads** park their stack and their frame guards in their thread object; a
//!   thread that dies drops its guards and its stack at the switch that leaves it.
//! - **No step guard.** Writes land in place when their guard drops, so a sequence point
//!   has nothing to commit; a deferred write batch would bring back the transaction
//!   backend's read-through cost for no gain. [`HeapBackend::sync`] instead checks, in
//!   debug builds, the invariant that makes guards sound across re-entrant calls: no
//!   guard is alive between two VM steps.
#![forbid(unsafe_code)]

pub mod arena;
mod handles;
mod objects;
pub mod registers;

pub use arena::{Arena, ArenaGuard, ArenaGuardMut, Footprint, GuardConflict};
pub use handles::{FunctionRef, StrRef, TableRef, ThreadRef, UpvalRef, UserdataRef};
pub use registers::{FrameGuards, RegisterFile, RegisterWindowGuard};

use luatb::error::HeapError;
use luatb::function::{Callee, FunctionObj, UpvalState};
use luatb::heap::{store_result, Counters, GcObj, HeapBackend};
// Table growth asks `HeapRoom`: `heap_bytes` comes from byte counters and guards on the
// strings and registers, never on the table arena being written.
use luatb::table::Table;
use luatb::value::{Key, Value};
use luatb::vm::gc::budget::Budget;
use luatb::vm::gc::budget::HeapRoom;
use luatb::vm::gc::strings::Strings;
use luatb::vm::{CoStatus, ThreadState};
use objects::{ThreadObj, UserdataObj};
use std::any::Any;
use std::cell::{Cell, Ref, RefCell, RefMut};

type V = Value<Heap>;

pub struct Heap {
    strings: RefCell<Strings>,
    tables: Arena<Table<Heap>>,
    functions: Arena<FunctionObj<Heap>>,
    upvals: Arena<UpvalState<Heap>>,
    userdata: Arena<UserdataObj>,
    threads: Arena<ThreadObj>,
    regs: RegisterFile,
    current: Cell<ThreadRef>,
    main: ThreadRef,
    fin_counter: Cell<u32>,
    budget: Budget,
    #[cfg(feature = "count")]
    string_guards: Cell<u64>,
}

impl Default for Heap {
    fn default() -> Self {
        <Heap as HeapBackend>::new()
    }
}

impl Heap {
    #[inline(always)]
    fn strings(&self) -> Ref<'_, Strings> {
        #[cfg(feature = "count")]
        self.string_guards.set(self.string_guards.get() + 1);
        self.strings.borrow()
    }

    #[inline(always)]
    fn strings_mut(&self) -> RefMut<'_, Strings> {
        #[cfg(feature = "count")]
        self.string_guards.set(self.string_guards.get() + 1);
        self.strings.borrow_mut()
    }

    /// Slot `slot` of `th`'s stack, wherever that stack is now.
    fn stack_slot(&self, th: ThreadRef, slot: usize) -> V {
        if th == self.current.get() {
            self.regs.read().get(slot)
        } else {
            self.threads.read(th.at()).stack[slot]
        }
    }

    /// A write through an open upvalue (exempt from register protection).
    fn set_stack_slot(&self, th: ThreadRef, slot: usize, v: V) {
        if th == self.current.get() {
            self.regs.poke(slot, v);
        } else {
            self.threads.write(th.at()).stack[slot] = v;
        }
    }

    fn upval_state(&self, u: UpvalRef) -> UpvalState<Heap> {
        self.upvals.read(u.at()).clone()
    }

    // ---- inspection, for tests and experiments -------------------------------------

    pub fn tables(&self) -> &Arena<Table<Heap>> {
        &self.tables
    }

    pub fn functions(&self) -> &Arena<FunctionObj<Heap>> {
        &self.functions
    }

    pub fn upvals(&self) -> &Arena<UpvalState<Heap>> {
        &self.upvals
    }

    pub fn registers(&self) -> &RegisterFile {
        &self.regs
    }

    /// Lowest register slot a register write may address on the running thread.
    pub fn floor(&self) -> usize {
        self.regs.floor()
    }

    /// Bases of the running thread's frame guards, outermost first.
    pub fn frame_bases(&self) -> Vec<usize> {
        self.regs.frames().bases()
    }

    /// Bases of a parked thread's frame guards.
    pub fn parked_frame_bases(&self, th: ThreadRef) -> Vec<usize> {
        self.threads.read(th.at()).frames.bases()
    }

    /// No guard of any kind is alive (true at every sequence point).
    pub fn is_released(&self) -> bool {
        self.strings.try_borrow_mut().is_ok()
            && self.tables.is_released()
            && self.functions.is_released()
            && self.upvals.is_released()
            && self.userdata.is_released()
            && self.threads.is_released()
            && self.regs.is_released()
    }
}

impl HeapBackend for Heap {
    const NAME: &'static str = "guard";

    type Str = StrRef;
    type Table = TableRef;
    type Function = FunctionRef;
    type Upval = UpvalRef;
    type Userdata = UserdataRef;
    type Thread = ThreadRef;
    type View<'a> = luatb::heap::Slots<'a, Heap>;

    fn new() -> Self {
        let threads = Arena::new("threads");
        let main = ThreadRef(threads.alloc(ThreadObj::default()));
        Heap {
            strings: RefCell::default(),
            tables: Arena::new("tables"),
            functions: Arena::new("functions"),
            upvals: Arena::new("upvals"),
            userdata: Arena::new("userdata"),
            threads,
            regs: RegisterFile::default(),
            current: Cell::new(main),
            main,
            fin_counter: Cell::new(0),
            budget: Budget::default(),
            #[cfg(feature = "count")]
            string_guards: Cell::new(0),
        }
    }

    // ---- strings -------------------------------------------------------------------
    #[inline]
    fn intern(&self, bytes: &[u8]) -> StrRef {
        StrRef(self.strings_mut().intern_in(bytes, &self.budget))
    }

    #[inline]
    fn with_str<R>(&self, s: StrRef, f: impl FnOnce(&[u8]) -> R) -> R {
        f(self.strings().get(s.0))
    }

    // ---- tables --------------------------------------------------------------------
    fn new_table(&self, narr: usize, nhash: usize) -> TableRef {
        self.budget.alloc();
        TableRef::new(self.tables.alloc(Table::new(narr, nhash)))
    }

    #[inline]
    fn get(&self, t: TableRef, k: Key<Heap>) -> V {
        self.tables.read(t.at()).get(k)
    }

    #[inline]
    fn get_int(&self, t: TableRef, k: i64) -> V {
        self.tables.read(t.at()).get_int(k)
    }

    #[inline]
    fn get_str(&self, t: TableRef, k: StrRef) -> V {
        self.tables.read(t.at()).get_str(k)
    }

    #[inline]
    fn set(&self, t: TableRef, k: Key<Heap>, v: V) -> Result<(), HeapError> {
        self.tables.write(t.at()).try_set(k, v, HeapRoom(self))
    }

    #[inline]
    fn set_int(&self, t: TableRef, k: i64, v: V) -> Result<(), HeapError> {
        self.tables.write(t.at()).try_set_int(k, v, HeapRoom(self))
    }

    #[inline]
    fn replace_str(&self, t: TableRef, k: StrRef, v: V) -> bool {
        self.tables.write_in_place(t.at()).replace_str(k, v)
    }

    #[inline]
    fn replace_int(&self, t: TableRef, k: i64, v: V) -> bool {
        self.tables.write_in_place(t.at()).replace_int(k, v)
    }

    #[inline]
    fn set_str(&self, t: TableRef, k: StrRef, v: V) -> Result<(), HeapError> {
        self.tables.write(t.at()).try_set_str(k, v, HeapRoom(self))
    }

    fn reserve_array(&self, t: TableRef, n: usize) {
        self.tables.write(t.at()).reserve_array(n)
    }

    #[inline]
    fn length(&self, t: TableRef) -> i64 {
        self.tables.read(t.at()).length()
    }

    fn next(&self, t: TableRef, k: V) -> Result<Option<(V, V)>, HeapError> {
        self.tables.read(t.at()).next(k)
    }

    #[inline]
    fn metatable(&self, t: TableRef) -> Option<TableRef> {
        self.tables.read(t.at()).metatable
    }

    fn set_metatable(&self, t: TableRef, mt: Option<TableRef>) {
        let cur = self.tables.read(t.at()).fin_seq;
        let seq = luatb::vm::gc::finalizer_seq(self, mt, cur, &self.fin_counter);
        let mut tab = self.tables.write(t.at());
        tab.metatable = mt;
        tab.fin_seq = seq;
    }

    // ---- functions and upvalues ----------------------------------------------------
    fn new_function(&self, f: FunctionObj<Heap>) -> FunctionRef {
        self.budget.alloc();
        FunctionRef::new(self.functions.alloc(f))
    }

    #[inline]
    fn function(&self, f: FunctionRef) -> Callee<Heap> {
        match &*self.functions.read(f.at()) {
            FunctionObj::Lua(c) => Callee::Lua(c.proto.clone()),
            FunctionObj::Native(c) => Callee::Native(c.f),
        }
    }

    #[inline]
    fn closure_upval(&self, f: FunctionRef, i: usize) -> UpvalRef {
        match &*self.functions.read(f.at()) {
            FunctionObj::Lua(c) => c.upvals[i],
            FunctionObj::Native(_) => panic!("closure_upval on a native closure"),
        }
    }

    fn native_upvalue(&self, f: FunctionRef, i: usize) -> V {
        match &*self.functions.read(f.at()) {
            FunctionObj::Native(c) => c.upvals[i],
            FunctionObj::Lua(_) => panic!("native_upvalue on a Lua closure"),
        }
    }

    fn set_native_upvalue(&self, f: FunctionRef, i: usize, v: V) {
        match &mut *self.functions.write(f.at()) {
            FunctionObj::Native(c) => c.upvals[i] = v,
            FunctionObj::Lua(_) => panic!("set_native_upvalue on a Lua closure"),
        }
    }

    fn new_upval(&self, state: UpvalState<Heap>) -> UpvalRef {
        self.budget.alloc();
        UpvalRef::new(self.upvals.alloc(state))
    }

    #[inline]
    fn upval_get(&self, u: UpvalRef) -> V {
        match self.upval_state(u) {
            UpvalState::Closed(v) => v,
            UpvalState::Open { thread, slot } => self.stack_slot(thread, slot),
        }
    }

    #[inline]
    fn upval_set(&self, u: UpvalRef, v: V) {
        // The upvalue's guard is dropped before the stack's is taken: one arena at a time.
        let open = match &mut *self.upvals.write(u.at()) {
            UpvalState::Closed(cell) => {
                *cell = v;
                None
            }
            UpvalState::Open { thread, slot } => Some((*thread, *slot)),
        };
        if let Some((thread, slot)) = open {
            self.set_stack_slot(thread, slot, v);
        }
    }

    fn upval_close(&self, u: UpvalRef) {
        if let UpvalState::Open { thread, slot } = self.upval_state(u) {
            let v = self.stack_slot(thread, slot);
            *self.upvals.write(u.at()) = UpvalState::Closed(v);
        }
    }

    #[inline(always)]
    fn enter_frame(&self, base: usize) {
        self.regs.enter(base);
    }

    #[inline(always)]
    fn leave_frame(&self, base: usize) {
        self.regs.leave(base);
    }

    // ---- threads and the register file ---------------------------------------------
    fn main_thread(&self) -> ThreadRef {
        self.main
    }

    fn new_thread(&self) -> ThreadRef {
        self.budget.alloc();
        ThreadRef::new(self.threads.alloc(ThreadObj::default()))
    }

    #[inline]
    fn current_thread(&self) -> ThreadRef {
        self.current.get()
    }

    /// Park the running thread's stack, frame guards and VM state in its object, then
    /// unpark `th`'s: one thread guard at a time. A thread left dead drops its guards
    /// (innermost first) and its stack.
    fn switch_thread(&mut self, th: ThreadRef, state: &mut ThreadState<Heap>) {
        let cur = self.current.get();
        if th == cur {
            return;
        }
        let dead = state.status() == CoStatus::Dead;
        if dead {
            // Frames discarded without returning (`coroutine.close`) still hold guards.
            self.regs.release_all();
        }
        {
            let mut left = self.threads.write(cur.at());
            let left = &mut *left;
            self.regs.swap(&mut left.stack, &mut left.frames);
            std::mem::swap(&mut left.state, state);
            if dead {
                left.stack = Vec::new();
            }
        }
        let mut next = self.threads.write(th.at());
        let next = &mut *next;
        self.regs.swap(&mut next.stack, &mut next.frames);
        std::mem::swap(&mut next.state, state);
        self.current.set(th);
    }

    fn with_thread_state<R>(&self, th: ThreadRef, f: impl FnOnce(&ThreadState<Heap>) -> R) -> R {
        f(&self.threads.read(th.at()).state)
    }

    #[inline(always)]
    fn view(&self, base: usize) -> luatb::heap::Slots<'_, Heap> {
        luatb::heap::Slots::new(self, base)
    }

    #[inline(always)]
    fn reg(&self, slot: usize) -> V {
        self.regs.read().get(slot)
    }

    #[inline(always)]
    #[track_caller]
    fn set_reg(&self, slot: usize, v: V) {
        self.regs.write().set(slot, v);
    }

    /// One write guard for both registers, not a read guard and a write guard.
    #[inline(always)]
    #[track_caller]
    fn move_reg(&self, dst: usize, src: usize) {
        self.regs.write().mov(dst, src);
    }

    #[inline(always)]
    fn reg_pair(&self, i: usize, j: usize) -> [V; 2] {
        let regs = self.regs.read();
        [regs.get(i), regs.get(j)]
    }

    /// One write guard per arithmetic instruction instead of three.
    const FUSED_UPDATES: bool = true;

    #[inline(always)]
    #[track_caller]
    fn apply_regs(&self, dst: usize, i: usize, j: usize, f: impl FnOnce(V, V) -> V) -> bool {
        let mut regs = self.regs.write();
        store_result(f(regs.get(i), regs.get(j)), |v| regs.set(dst, v))
    }

    #[inline(always)]
    #[track_caller]
    fn apply_reg(&self, dst: usize, i: usize, f: impl FnOnce(V) -> V) -> bool {
        let mut regs = self.regs.write();
        store_result(f(regs.get(i)), |v| regs.set(dst, v))
    }

    #[inline(always)]
    #[track_caller]
    fn update_regs<const N: usize, R>(&self, from: usize, f: impl FnOnce(&mut [V; N]) -> R) -> R {
        self.regs.write().update_n(from, f)
    }

    #[inline(always)]
    fn regs<const N: usize>(&self, from: usize) -> [V; N] {
        self.regs.read().get_n(from)
    }

    #[inline(always)]
    #[track_caller]
    fn set_regs<const N: usize>(&self, from: usize, vs: [V; N]) {
        self.regs.write().set_n(from, vs);
    }

    #[inline]
    #[track_caller]
    fn copy_regs(&self, src: usize, dst: usize, n: usize) {
        self.regs.write().copy(src, dst, n);
    }

    #[inline]
    #[track_caller]
    fn clear_regs(&self, from: usize, n: usize) {
        self.regs.write().fill_nil(from, n);
    }

    #[inline]
    fn stack_size(&self) -> usize {
        self.regs.read().len()
    }

    fn grow_stack(&mut self, size: usize) {
        self.regs.write().grow(size);
    }

    // ---- userdata ------------------------------------------------------------------
    fn new_userdata(&self, data: Box<dyn Any>) -> UserdataRef {
        self.budget.alloc();
        UserdataRef::new(self.userdata.alloc(UserdataObj {
            data,
            meta: None,
            fin: 0,
        }))
    }

    fn userdata_metatable(&self, u: UserdataRef) -> Option<TableRef> {
        self.userdata.read(u.at()).meta
    }

    fn set_userdata_metatable(&self, u: UserdataRef, mt: Option<TableRef>) {
        let cur = self.userdata.read(u.at()).fin;
        let seq = luatb::vm::gc::finalizer_seq(self, mt, cur, &self.fin_counter);
        let mut ud = self.userdata.write(u.at());
        ud.meta = mt;
        ud.fin = seq;
    }

    fn with_userdata<R>(&self, u: UserdataRef, f: impl FnOnce(&mut dyn Any) -> R) -> R {
        f(self.userdata.write(u.at()).data.as_mut())
    }

    // ---- sequence points and accounting --------------------------------------------
    /// Nothing to commit (see the crate docs); debug builds check that no guard leaked
    /// past the step.
    #[inline(always)]
    fn sync(&self) {
        debug_assert!(self.is_released(), "a guard is alive at a sequence point");
    }

    fn budget(&self) -> Option<&Budget> {
        Some(&self.budget)
    }

    fn heap_bytes(&self) -> usize {
        self.tables.bytes()
            + self.functions.bytes()
            + self.upvals.bytes()
            + self.userdata.bytes()
            + self.threads.bytes()
            + self.strings().bytes()
            + self.regs.bytes()
    }

    // ---- the collector -----------------------------------------------------------------
    const COLLECTS: bool = true;

    fn gc_mark(&self, o: GcObj<Heap>) -> bool {
        match o {
            GcObj::Str(s) => self.strings_mut().mark(s.0),
            GcObj::Table(t) => self.tables.mark(t.0),
            GcObj::Function(f) => self.functions.mark(f.0),
            GcObj::Upval(u) => self.upvals.mark(u.0),
            GcObj::Userdata(u) => self.userdata.mark(u.0),
            GcObj::Thread(t) => self.threads.mark(t.0),
        }
    }

    fn gc_is_marked(&self, o: GcObj<Heap>) -> bool {
        match o {
            GcObj::Str(s) => self.strings().is_marked(s.0),
            GcObj::Table(t) => self.tables.is_marked(t.0),
            GcObj::Function(f) => self.functions.is_marked(f.0),
            GcObj::Upval(u) => self.upvals.is_marked(u.0),
            GcObj::Userdata(u) => self.userdata.is_marked(u.0),
            GcObj::Thread(t) => self.threads.is_marked(t.0),
        }
    }

    fn gc_refs(&self, o: GcObj<Heap>, out: &mut Vec<GcObj<Heap>>) {
        match o {
            GcObj::Str(_) => {}
            GcObj::Table(t) => out.extend(self.metatable(t).map(GcObj::Table)),
            GcObj::Function(f) => self.functions.read(f.0).trace(out),
            GcObj::Upval(u) => self.upvals.read(u.0).trace(out),
            GcObj::Userdata(u) => out.extend(self.userdata_metatable(u).map(GcObj::Table)),
            GcObj::Thread(th) => {
                if th != self.current.get() {
                    let mut t = self.threads.write(th.0);
                    let t = &mut *t;
                    luatb::vm::gc::trace_parked(&t.state, &mut t.stack, out);
                }
            }
        }
    }

    fn gc_table_fields(&self, t: TableRef, out: &mut Vec<(V, V)>) {
        self.tables.read(t.0).for_each(|k, v| out.push((k, v)));
    }

    fn gc_finalizable(&self, unmarked_only: bool, out: &mut Vec<(GcObj<Heap>, u32)>) {
        self.tables.for_each(|id, marked, t| {
            if t.fin_seq != 0 && !(unmarked_only && marked) {
                out.push((GcObj::Table(TableRef(id)), t.fin_seq));
            }
        });
        self.userdata.for_each(|id, marked, u| {
            if u.fin != 0 && !(unmarked_only && marked) {
                out.push((GcObj::Userdata(UserdataRef(id)), u.fin));
            }
        });
    }

    fn gc_sweep(&self) {
        self.tables.sweep_in_place();
        self.functions.sweep_in_place();
        self.upvals.sweep_in_place();
        drop(self.userdata.sweep());
        for mut t in self.threads.sweep() {
            // The guards of a coroutine that never finished must not move the running
            // thread's floor as they go.
            self.regs.discard(&mut t.frames);
        }
        self.strings_mut().sweep();
    }

    fn counters(&self) -> Counters {
        #[cfg(feature = "count")]
        let borrows = self.string_guards.get()
            + self.tables.acquisitions()
            + self.functions.acquisitions()
            + self.upvals.acquisitions()
            + self.userdata.acquisitions()
            + self.threads.acquisitions()
            + self.regs.borrows();
        #[cfg(not(feature = "count"))]
        let borrows = 0;
        Counters {
            borrows,
            protections: self.regs.protections(),
            ..Counters::default()
        }
    }
}
