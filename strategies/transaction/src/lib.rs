//! The `transaction` strategy: the Ferrous Lua VM's design, built faithfully.
//!
//! - Heap objects live in the [`CommittedHeap`]'s arenas. A write to an existing object is
//!   queued in a [`HeapTransaction`] and applied at the one commit point, [`Heap::sync`],
//!   which the VM reaches once per instruction and before an error propagates. Reads look
//!   in the queue first (only when it is non-empty: one branch on the common path).
//!   Allocation is immediate.
//! - The running thread's registers are a [`RegisterWindowSystem`] of 256-slot windows,
//!   one per Lua frame; a caller's window is protected while its callee runs. The
//!   dispatch loop reaches a frame's registers through a [`TxRegs`] view of its window:
//!   the same writes as `set_reg`, without the window lookup.
//! - Open upvalues address the thread's heap-side stack. Capturing a register first syncs
//!   its whole window to that stack through the transaction; captured registers then
//!   write through. The `direct-upvalues` feature (the ablation) points open upvalues at
//!   the windows instead; `no-window-sync` (broken on purpose, for H6) only drops the
//!   sync, so an open upvalue reads whatever the heap stack held before the capture.
#![forbid(unsafe_code)]

mod committed;
mod handles;
mod transaction;
mod view;
mod windows;

pub use committed::CommittedHeap;
pub use handles::{FunctionRef, StrRef, TableRef, ThreadRef, UpvalRef, UserdataRef};
pub use transaction::{HeapTransaction, Slot, SMALL};
pub use view::TxRegs;
pub use windows::{RegisterWindowSystem, WINDOW};

use committed::as_table;
use luatb::error::HeapError;
use luatb::function::{Callee, FunctionObj, UpvalState};
use luatb::heap::{Counters, GcObj, HeapBackend};
use luatb::value::{Key, Value};
use luatb::vm::gc::budget::Budget;
use luatb::vm::{CoStatus, ThreadState};
use std::any::Any;
use std::cell::{Cell, Ref, RefCell};

type V = Value<Heap>;

pub struct Heap {
    committed: RefCell<CommittedHeap>,
    tx: RefCell<HeapTransaction>,
    /// Mirrors `!tx.is_empty()` so that reads and `sync` test one flag, not a `RefCell`.
    dirty: Cell<bool>,
    /// Not in a `RefCell`: a frame's [`TxRegs`] view holds one of its windows, and only
    /// `&mut self` (growth, thread switches) can move them.
    regs: RegisterWindowSystem,
    current: Cell<ThreadRef>,
    clones: Cell<u64>,
    fin_counter: Cell<u32>,
    budget: Budget,
}

impl Default for Heap {
    fn default() -> Self {
        <Heap as HeapBackend>::new()
    }
}

/// Same value, bit for bit (NaN equals itself), for coherence checks.
fn same(a: V, b: V) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        _ => a.raw_eq(&b),
    }
}

impl Heap {
    #[inline(always)]
    fn queue(&self, s: Slot, v: V) {
        self.tx.borrow_mut().queue(s, v);
        self.dirty.set(true);
    }

    /// The queued value of `s`, if any.
    #[inline(always)]
    fn pending(&self, s: Slot) -> Option<V> {
        if self.dirty.get() {
            self.tx.borrow().lookup(&s)
        } else {
            None
        }
    }

    /// A table write is queued, not applied, so its growth is estimated against the
    /// committed table (pending writes to the same table are not counted) and checked
    /// before the write is queued: a refused write is never queued.
    #[inline(never)]
    fn check_growth(&self, t: TableRef, k: Key<Heap>, v: V) -> Result<(), HeapError> {
        let extra = self.committed.borrow().tables.get(t.0).growth(k, v);
        if extra == 0 {
            return Ok(());
        }
        self.budget.grow(extra, || self.heap_bytes())
    }

    fn commit(&self) {
        let mut c = self.committed.borrow_mut();
        self.tx.borrow_mut().commit(&mut c);
        self.dirty.set(false);
    }

    /// Upvalue `u` as of now: a pending close or cell write makes it closed.
    fn upval_state(&self, u: UpvalRef) -> UpvalState<Heap> {
        if let Some(v) = self.pending(Slot::Upval(u)) {
            return UpvalState::Closed(v);
        }
        self.committed.borrow().upvals.get(u.0).clone()
    }

    /// Slot `slot` of `th`'s heap-side stack, queued writes included.
    fn heap_stack(&self, th: ThreadRef, slot: usize) -> V {
        match self.pending(Slot::Stack(th, slot as u32)) {
            Some(v) => v,
            None => self.committed.borrow().stack_slot(th, slot),
        }
    }

    /// Register `slot` of `th`, running or parked.
    fn window_slot(&self, th: ThreadRef, slot: usize) -> V {
        if th == self.current.get() {
            self.regs.peek(slot)
        } else {
            self.committed.borrow().threads.get(th.0).windows.peek(slot)
        }
    }

    fn poke_window(&self, th: ThreadRef, slot: usize, v: V) {
        if th == self.current.get() {
            self.regs.poke(slot, v);
        } else {
            self.committed
                .borrow_mut()
                .threads
                .get_mut(th.0)
                .windows
                .poke(slot, v);
        }
    }

    /// What an open upvalue on `(th, slot)` holds.
    fn open_get(&self, th: ThreadRef, slot: usize) -> V {
        if cfg!(feature = "direct-upvalues") {
            self.window_slot(th, slot)
        } else {
            let v = self.heap_stack(th, slot);
            debug_assert!(
                same(v, self.window_slot(th, slot)),
                "heap stack and window disagree at slot {slot}"
            );
            v
        }
    }

    /// Register `slot` of the running thread was written with `v` and is captured.
    #[inline]
    fn write_through(&self, captured: bool, slot: usize, v: V) {
        if captured {
            self.queue(Slot::Stack(self.current.get(), slot as u32), v);
        }
    }

    /// Raw `t[k]` through the queue.
    #[inline(always)]
    fn field(&self, t: TableRef, k: Key<Heap>, committed: impl FnOnce(&CommittedHeap) -> V) -> V {
        match self.pending(Slot::Field(t, k)) {
            Some(v) => v,
            None => committed(&self.committed.borrow()),
        }
    }

    // ---- inspection, for tests and experiments -------------------------------------

    /// The heap as of the last commit.
    pub fn committed(&self) -> Ref<'_, CommittedHeap> {
        self.committed.borrow()
    }

    /// The running thread's register windows.
    pub fn windows(&self) -> &RegisterWindowSystem {
        &self.regs
    }

    /// Writes queued since the last commit.
    pub fn pending_writes(&self) -> usize {
        self.tx.borrow().len()
    }

    /// The value an open upvalue reads, from the heap-side stack of `th` (queue
    /// included); for checking coherence with the windows.
    pub fn stack_slot(&self, th: ThreadRef, slot: usize) -> V {
        self.heap_stack(th, slot)
    }
}

impl HeapBackend for Heap {
    const NAME: &'static str = "transaction";
    const WINDOW: usize = WINDOW;

    type Str = StrRef;
    type Table = TableRef;
    type Function = FunctionRef;
    type Upval = UpvalRef;
    type Userdata = UserdataRef;
    type Thread = ThreadRef;
    type View<'a> = TxRegs<'a>;

    fn new() -> Self {
        let committed = CommittedHeap::new();
        let main = committed.main;
        Heap {
            committed: RefCell::new(committed),
            tx: RefCell::default(),
            dirty: Cell::new(false),
            regs: RegisterWindowSystem::default(),
            current: Cell::new(main),
            clones: Cell::new(0),
            fin_counter: Cell::new(0),
            budget: Budget::default(),
        }
    }

    // ---- strings -------------------------------------------------------------------
    #[inline]
    fn intern(&self, bytes: &[u8]) -> StrRef {
        StrRef(
            self.committed
                .borrow_mut()
                .strings
                .intern_in(bytes, &self.budget),
        )
    }

    #[inline]
    fn with_str<R>(&self, s: StrRef, f: impl FnOnce(&[u8]) -> R) -> R {
        f(self.committed.borrow().strings.get(s.0))
    }

    // ---- tables --------------------------------------------------------------------
    fn new_table(&self, narr: usize, nhash: usize) -> TableRef {
        self.budget.alloc();
        self.committed.borrow_mut().alloc_table(narr, nhash)
    }

    #[inline]
    fn get(&self, t: TableRef, k: Key<Heap>) -> V {
        self.field(t, k, |c| c.tables.get(t.0).get(k))
    }

    #[inline]
    fn get_int(&self, t: TableRef, k: i64) -> V {
        self.field(t, Key(Value::Int(k)), |c| c.tables.get(t.0).get_int(k))
    }

    #[inline]
    fn get_str(&self, t: TableRef, k: StrRef) -> V {
        self.field(t, Key(Value::Str(k)), |c| c.tables.get(t.0).get_str(k))
    }

    #[inline]
    fn set(&self, t: TableRef, k: Key<Heap>, v: V) -> Result<(), HeapError> {
        if self.budget.armed() {
            self.check_growth(t, k, v)?;
        }
        self.queue(Slot::Field(t, k), v);
        Ok(())
    }

    /// Never takes the fast path: a store here is a queued write either way, and the
    /// lookup that would decide it costs what the metatable check of `set_*`'s path
    /// does; measured, taking it cost 2-3% on the array-filling workloads.
    #[inline(always)]
    fn replace_str(&self, _: TableRef, _: StrRef, _: V) -> bool {
        false
    }

    #[inline(always)]
    fn replace_int(&self, _: TableRef, _: i64, _: V) -> bool {
        false
    }

    #[inline]
    fn set_int(&self, t: TableRef, k: i64, v: V) -> Result<(), HeapError> {
        self.set(t, Key(Value::Int(k)), v)
    }

    #[inline]
    fn set_str(&self, t: TableRef, k: StrRef, v: V) -> Result<(), HeapError> {
        self.set(t, Key(Value::Str(k)), v)
    }

    /// A change of shape, not a Lua-visible write: it goes straight to the committed
    /// table, where the constructor's queued items land at the next commit.
    fn reserve_array(&self, t: TableRef, n: usize) {
        let mut c = self.committed.borrow_mut();
        let tab = c.tables.get_mut(t.0);
        let before = tab.bytes();
        tab.reserve_array(n);
        let after = tab.bytes();
        c.bytes = c.bytes.wrapping_add(after).wrapping_sub(before);
    }

    /// The committed array length is a border of the committed table; queued writes can
    /// move the border, so search from there through the queue, as `#` does on a table
    /// whose array part is not a sequence: unbounded doubling up, or bisection down.
    fn length(&self, t: TableRef) -> i64 {
        let c = self.committed.borrow();
        let tab = c.tables.get(t.0);
        let n = tab.length();
        if !self.dirty.get() {
            return n;
        }
        let tx = self.tx.borrow();
        let present = |i: i64| {
            let v = match tx.lookup(&Slot::Field(t, Key(Value::Int(i)))) {
                Some(v) => v,
                None => tab.get_int(i),
            };
            !v.is_nil()
        };
        // Invariant of both searches: `lo` is 0 or present, `hi` is absent.
        let (mut lo, mut hi) = if present(n + 1) {
            let (mut lo, mut hi) = (n + 1, (n + 1).saturating_mul(2));
            while present(hi) {
                if hi == i64::MAX {
                    return hi;
                }
                lo = hi;
                hi = hi.saturating_mul(2);
            }
            (lo, hi)
        } else if n > 0 && !present(n) {
            (0, n)
        } else {
            return n;
        };
        while hi - lo > 1 {
            let m = lo + (hi - lo) / 2;
            if present(m) {
                lo = m;
            } else {
                hi = m;
            }
        }
        lo
    }

    /// Traversal order is the committed table's; a queued write to the same table in the
    /// same step (rare: a native that writes and traverses) is committed first.
    fn next(&self, t: TableRef, k: V) -> Result<Option<(V, V)>, HeapError> {
        if self.dirty.get() && self.tx.borrow().touches_table(t) {
            self.commit();
        }
        self.committed.borrow().tables.get(t.0).next(k)
    }

    #[inline(always)]
    fn metatable(&self, t: TableRef) -> Option<TableRef> {
        match self.pending(Slot::Metatable(t)) {
            Some(v) => as_table(v),
            None => self.committed.borrow().tables.get(t.0).metatable,
        }
    }

    fn set_metatable(&self, t: TableRef, mt: Option<TableRef>) {
        // Registration for finalization is the collector's bookkeeping, not a Lua-visible
        // write: it goes straight to the committed table.
        let cur = self.committed.borrow().tables.get(t.0).fin_seq;
        let seq = luatb::vm::gc::finalizer_seq(self, mt, cur, &self.fin_counter);
        if seq != cur {
            self.committed.borrow_mut().tables.get_mut(t.0).fin_seq = seq;
        }
        self.tx.borrow_mut().queue_set_metatable(t, mt);
        self.dirty.set(true);
    }

    // ---- functions and upvalues ----------------------------------------------------
    fn new_function(&self, f: FunctionObj<Heap>) -> FunctionRef {
        self.budget.alloc();
        self.committed.borrow_mut().alloc_function(f)
    }

    #[inline]
    fn function(&self, f: FunctionRef) -> Callee<Heap> {
        match self.committed.borrow().functions.get(f.0) {
            FunctionObj::Lua(c) => {
                // Two-phase: the prototype is cloned out so no heap borrow outlives this.
                #[cfg(feature = "count")]
                self.clones.set(self.clones.get() + 1);
                Callee::Lua(c.proto.clone())
            }
            FunctionObj::Native(c) => Callee::Native(c.f),
        }
    }

    #[inline]
    fn closure_upval(&self, f: FunctionRef, i: usize) -> UpvalRef {
        match self.committed.borrow().functions.get(f.0) {
            FunctionObj::Lua(c) => c.upvals[i],
            FunctionObj::Native(_) => panic!("closure_upval on a native closure"),
        }
    }

    fn native_upvalue(&self, f: FunctionRef, i: usize) -> V {
        match self.pending(Slot::NativeUpval(f, i as u32)) {
            Some(v) => v,
            None => self.committed.borrow().native_upvalue(f, i),
        }
    }

    fn set_native_upvalue(&self, f: FunctionRef, i: usize, v: V) {
        self.tx.borrow_mut().queue_native_upvalue(f, i, v);
        self.dirty.set(true);
    }

    fn new_upval(&self, state: UpvalState<Heap>) -> UpvalRef {
        self.budget.alloc();
        self.committed.borrow_mut().alloc_upval(state)
    }

    #[inline]
    fn upval_get(&self, u: UpvalRef) -> V {
        match self.upval_state(u) {
            UpvalState::Closed(v) => v,
            UpvalState::Open { thread, slot } => self.open_get(thread, slot),
        }
    }

    #[inline]
    fn upval_set(&self, u: UpvalRef, v: V) {
        match self.upval_state(u) {
            UpvalState::Closed(_) => self.queue(Slot::Upval(u), v),
            UpvalState::Open { thread, slot } => {
                if !cfg!(feature = "direct-upvalues") {
                    self.queue(Slot::Stack(thread, slot as u32), v);
                }
                self.poke_window(thread, slot, v);
            }
        }
    }

    fn upval_close(&self, u: UpvalRef) {
        if let UpvalState::Open { thread, slot } = self.upval_state(u) {
            let v = self.open_get(thread, slot);
            self.queue(Slot::Upval(u), v);
            if thread == self.current.get() {
                self.regs.uncapture(slot);
            } else {
                self.committed
                    .borrow_mut()
                    .threads
                    .get_mut(thread.0)
                    .windows
                    .uncapture(slot);
            }
        }
    }

    /// The seed's `sync_window_to_stack`: the whole live window goes to the heap stack
    /// through the transaction, and `slot` writes through from now on.
    fn before_capture(&self, slot: usize) {
        if cfg!(feature = "direct-upvalues") {
            return;
        }
        if cfg!(feature = "no-window-sync") {
            self.regs.capture(slot);
            return;
        }
        let th = self.current.get();
        let mut tx = self.tx.borrow_mut();
        self.regs
            .sync_window(slot, |s, v| tx.queue_stack_set(th, s, v));
        self.dirty.set(true);
    }

    fn enter_frame(&self, base: usize) {
        self.regs.enter(base);
    }

    fn leave_frame(&self, base: usize) {
        self.regs.leave(base);
    }

    // ---- threads and the register file ---------------------------------------------
    fn main_thread(&self) -> ThreadRef {
        self.committed.borrow().main
    }

    fn new_thread(&self) -> ThreadRef {
        self.budget.alloc();
        self.committed.borrow_mut().alloc_thread()
    }

    #[inline]
    fn current_thread(&self) -> ThreadRef {
        self.current.get()
    }

    /// Park the running thread's windows and VM state in its thread object and load
    /// `th`'s: two swaps each. A thread left dead gives its windows back to the pool.
    fn switch_thread(&mut self, th: ThreadRef, state: &mut ThreadState<Heap>) {
        let cur = self.current.get();
        if th == cur {
            return;
        }
        let mut c = self.committed.borrow_mut();
        let regs = &mut self.regs;
        let dead = state.status() == CoStatus::Dead;
        let left = c.threads.get_mut(cur.0);
        std::mem::swap(&mut left.state, state);
        regs.swap(&mut left.windows);
        if dead {
            regs.recycle(&mut left.windows);
            let freed = left.stack.capacity() * std::mem::size_of::<V>();
            left.stack = Vec::new();
            c.bytes = c.bytes.saturating_sub(freed);
        }
        let next = c.threads.get_mut(th.0);
        std::mem::swap(&mut next.state, state);
        regs.swap(&mut next.windows);
        self.current.set(th);
    }

    fn with_thread_state<R>(&self, th: ThreadRef, f: impl FnOnce(&ThreadState<Heap>) -> R) -> R {
        f(&self.committed.borrow().threads.get(th.0).state)
    }

    #[inline(always)]
    fn view(&self, base: usize) -> TxRegs<'_> {
        TxRegs::new(self, base)
    }

    #[inline(always)]
    fn reg(&self, slot: usize) -> V {
        self.regs.get(slot)
    }

    #[inline(always)]
    fn set_reg(&self, slot: usize, v: V) {
        let captured = self.regs.put(slot, v);
        self.write_through(captured, slot, v);
    }

    #[inline(always)]
    fn regs<const N: usize>(&self, from: usize) -> [V; N] {
        let regs = &self.regs;
        let mut out = [V::Nil; N];
        for (i, o) in out.iter_mut().enumerate() {
            *o = regs.get(from + i);
        }
        out
    }

    #[inline(always)]
    fn set_regs<const N: usize>(&self, from: usize, vs: [V; N]) {
        let mut captured = [false; N];
        for (i, c) in captured.iter_mut().enumerate() {
            *c = self.regs.put(from + i, vs[i]);
        }
        for i in 0..N {
            self.write_through(captured[i], from + i, vs[i]);
        }
    }

    fn copy_regs(&self, src: usize, dst: usize, n: usize) {
        let regs = &self.regs;
        let mut step = |i: usize| {
            let v = regs.get(src + i);
            if regs.put(dst + i, v) {
                self.write_through(true, dst + i, v);
            }
        };
        if dst < src {
            (0..n).for_each(&mut step);
        } else {
            (0..n).rev().for_each(&mut step);
        }
    }

    fn clear_regs(&self, from: usize, n: usize) {
        let regs = &self.regs;
        for slot in from..from + n {
            if regs.put(slot, Value::Nil) {
                self.write_through(true, slot, Value::Nil);
            }
        }
    }

    #[inline]
    fn stack_size(&self) -> usize {
        self.regs.size()
    }

    fn grow_stack(&mut self, size: usize) {
        self.regs.grow(size);
    }

    // ---- userdata ------------------------------------------------------------------
    fn new_userdata(&self, data: Box<dyn Any>) -> UserdataRef {
        self.budget.alloc();
        self.committed.borrow_mut().alloc_userdata(data)
    }

    fn userdata_metatable(&self, u: UserdataRef) -> Option<TableRef> {
        match self.pending(Slot::UserdataMeta(u)) {
            Some(v) => as_table(v),
            None => self.committed.borrow().userdata_metatable(u),
        }
    }

    fn set_userdata_metatable(&self, u: UserdataRef, mt: Option<TableRef>) {
        let cur = self.committed.borrow().userdata.get(u.0).fin;
        let seq = luatb::vm::gc::finalizer_seq(self, mt, cur, &self.fin_counter);
        if seq != cur {
            self.committed.borrow_mut().userdata.get_mut(u.0).fin = seq;
        }
        self.tx.borrow_mut().queue_userdata_metatable(u, mt);
        self.dirty.set(true);
    }

    /// The payload is lent mutably in place: a closure's effects cannot be queued.
    fn with_userdata<R>(&self, u: UserdataRef, f: impl FnOnce(&mut dyn Any) -> R) -> R {
        f(self
            .committed
            .borrow_mut()
            .userdata
            .get_mut(u.0)
            .data
            .as_mut())
    }

    // ---- sequence points and accounting --------------------------------------------
    /// The single commit point.
    #[inline(always)]
    fn sync(&self) {
        if self.dirty.get() {
            self.commit();
        }
    }

    fn budget(&self) -> Option<&Budget> {
        Some(&self.budget)
    }

    fn heap_bytes(&self) -> usize {
        let c = self.committed.borrow();
        c.bytes + c.strings.bytes() + self.regs.bytes() + self.tx.borrow().bytes()
    }

    // ---- the collector -----------------------------------------------------------------
    const COLLECTS: bool = true;

    fn gc_mark(&self, o: GcObj<Heap>) -> bool {
        let mut c = self.committed.borrow_mut();
        match o {
            GcObj::Str(s) => c.strings.mark(s.0),
            GcObj::Table(t) => c.tables.mark(t.0),
            GcObj::Function(f) => c.functions.mark(f.0),
            GcObj::Upval(u) => c.upvals.mark(u.0),
            GcObj::Userdata(u) => c.userdata.mark(u.0),
            GcObj::Thread(t) => c.threads.mark(t.0),
        }
    }

    fn gc_is_marked(&self, o: GcObj<Heap>) -> bool {
        let c = self.committed.borrow();
        match o {
            GcObj::Str(s) => c.strings.is_marked(s.0),
            GcObj::Table(t) => c.tables.is_marked(t.0),
            GcObj::Function(f) => c.functions.is_marked(f.0),
            GcObj::Upval(u) => c.upvals.is_marked(u.0),
            GcObj::Userdata(u) => c.userdata.is_marked(u.0),
            GcObj::Thread(t) => c.threads.is_marked(t.0),
        }
    }

    /// Called after a commit (the collector syncs first), so the committed heap is the
    /// whole truth.
    fn gc_refs(&self, o: GcObj<Heap>, out: &mut Vec<GcObj<Heap>>) {
        let mut c = self.committed.borrow_mut();
        match o {
            GcObj::Str(_) => {}
            GcObj::Table(t) => out.extend(c.tables.get(t.0).metatable.map(GcObj::Table)),
            GcObj::Function(f) => c.functions.get(f.0).trace(out),
            GcObj::Upval(u) => c.upvals.get(u.0).trace(out),
            GcObj::Userdata(u) => out.extend(c.userdata.get(u.0).meta.map(GcObj::Table)),
            GcObj::Thread(th) => {
                // The heap-side stack is read only through open upvalues, on captured
                // registers, whose values the windows hold too: the windows are what is
                // marked. Its other slots may keep values from before an upvalue closed,
                // never read again before a capture re-syncs them, so they are not marked;
                // above the live limit they are cleared like the windows. The running
                // thread's is cleared by `gc_clear_stack_above`.
                if th != self.current.get() {
                    let t = c.threads.get_mut(th.0);
                    luatb::vm::gc::trace_state(&t.state, out);
                    let limit = luatb::vm::gc::live_limit(&t.state);
                    t.windows.gc_scan(limit, Some(out));
                    if t.stack.len() > limit {
                        t.stack[limit..].fill(Value::Nil);
                    }
                }
            }
        }
    }

    fn gc_clear_stack_above(&self, from: usize) {
        self.regs.gc_clear_above(from);
        let mut c = self.committed.borrow_mut();
        let stack = &mut c.threads.get_mut(self.current.get().0).stack;
        if stack.len() > from {
            stack[from..].fill(Value::Nil);
        }
    }

    fn gc_table_fields(&self, t: TableRef, out: &mut Vec<(V, V)>) {
        self.committed
            .borrow()
            .tables
            .get(t.0)
            .for_each(|k, v| out.push((k, v)));
    }

    fn gc_finalizable(&self, unmarked_only: bool, out: &mut Vec<(GcObj<Heap>, u32)>) {
        let c = self.committed.borrow();
        for (id, marked, t) in c.tables.iter() {
            if t.fin_seq != 0 && !(unmarked_only && marked) {
                out.push((GcObj::Table(TableRef(id)), t.fin_seq));
            }
        }
        for (id, marked, u) in c.userdata.iter() {
            if u.fin != 0 && !(unmarked_only && marked) {
                out.push((GcObj::Userdata(UserdataRef(id)), u.fin));
            }
        }
    }

    fn gc_sweep(&self) {
        self.sync();
        let mut c = self.committed.borrow_mut();
        let c = &mut *c;
        let mut freed = 0usize;
        c.tables.sweep(|_, t| freed += t.bytes());
        c.functions.sweep(|_, f| freed += f.bytes());
        c.upvals
            .sweep(|_, _| freed += std::mem::size_of::<UpvalState<Heap>>());
        c.userdata.sweep(|_, u| freed += u.bytes());
        let regs = &self.regs;
        c.threads.sweep(|_, mut t| {
            freed += std::mem::size_of_val(&t) + t.stack.capacity() * std::mem::size_of::<V>();
            regs.recycle(&mut t.windows);
        });
        c.strings.sweep();
        c.bytes = c.bytes.saturating_sub(freed);
    }

    fn counters(&self) -> Counters {
        let tx = self.tx.borrow();
        let regs = &self.regs;
        Counters {
            commits: tx.commits,
            queued_writes: tx.queued,
            window_syncs: regs.syncs.get(),
            window_slots_copied: regs.slots_copied.get(),
            protections: regs.protections.get(),
            clones: self.clones.get(),
            borrows: 0,
        }
    }
}
