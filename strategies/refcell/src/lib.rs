//! The `refcell` strategy: interior mutability with run-time borrow checks and nothing
//! deferred. Each object kind lives in one arena, a `RefCell<Vec<_>>` indexed by a `u32`
//! handle; every method borrows one arena (or the running stack) for the length of the
//! call and copies values out, so no borrow can be held across a call and none can clash.
//!
//! Arenas rather than `Rc<RefCell<_>>` per object: handles must be `Copy` and fit in a
//! 16-byte `Value`, and an index needs no reference counting on every register copy.
#![forbid(unsafe_code)]

mod objects;

pub use objects::{FunctionRef, StrRef, TableRef, ThreadRef, UpvalRef, UserdataRef};

use luatb::error::HeapError;
use luatb::function::{Callee, FunctionObj, UpvalState};
use luatb::heap::GcObj;
use luatb::heap::{store_result, Counters, HeapBackend};
// Table growth asks `HeapRoom`: `heap_bytes` borrows the strings and the stack, never
// the table arena a store runs inside.
use luatb::table::Table;
use luatb::value::{Key, Value};
use luatb::vm::gc::budget::Budget;
use luatb::vm::gc::budget::HeapRoom;
use luatb::vm::gc::slab::Slab;
use luatb::vm::gc::strings::Strings;
use luatb::vm::ThreadState;
use objects::{ThreadObj, UserdataObj};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::mem::size_of;

type V = Value<Heap>;

pub struct Heap {
    strings: RefCell<Strings>,
    tables: RefCell<Slab<Table<Heap>>>,
    functions: RefCell<Slab<FunctionObj<Heap>>>,
    upvals: RefCell<Slab<UpvalState<Heap>>>,
    userdata: RefCell<Slab<UserdataObj>>,
    threads: RefCell<Slab<ThreadObj>>,
    /// The running thread's registers.
    stack: RefCell<Vec<V>>,
    current: Cell<ThreadRef>,
    main: ThreadRef,
    fin_counter: Cell<u32>,
    /// Running estimate of the bytes held by every arena but the interner and the stack.
    bytes: Cell<usize>,
    budget: Budget,
    #[cfg(feature = "count")]
    borrows: Cell<u64>,
}

impl Heap {
    /// Record one dynamic borrow; compiled out unless the `count` feature is on.
    #[inline(always)]
    fn tick(&self) {
        #[cfg(feature = "count")]
        self.borrows.set(self.borrows.get() + 1);
    }

    #[inline(always)]
    fn add_bytes(&self, n: usize) {
        self.bytes.set(self.bytes.get().wrapping_add(n));
    }

    #[inline(always)]
    fn table<R>(&self, t: TableRef, f: impl FnOnce(&Table<Heap>) -> R) -> R {
        self.tick();
        f(self.tables.borrow().get(t.0))
    }

    /// Mutate a table, charging any growth to the running byte count.
    #[inline(always)]
    fn table_mut<R>(&self, t: TableRef, f: impl FnOnce(&mut Table<Heap>) -> R) -> R {
        self.tick();
        let mut tables = self.tables.borrow_mut();
        let tab = tables.get_mut(t.0);
        let before = tab.bytes();
        let r = f(tab);
        let after = tab.bytes();
        if after != before {
            self.add_bytes(after.wrapping_sub(before));
        }
        r
    }

    #[inline(always)]
    fn function_obj<R>(&self, f: FunctionRef, g: impl FnOnce(&FunctionObj<Heap>) -> R) -> R {
        self.tick();
        g(self.functions.borrow().get(f.0))
    }

    fn upval_state(&self, u: UpvalRef) -> UpvalState<Heap> {
        self.tick();
        self.upvals.borrow().get(u.0).clone()
    }

    /// Slot `slot` of `th`'s stack, wherever that stack currently lives.
    fn stack_slot(&self, th: ThreadRef, slot: usize) -> V {
        self.tick();
        if th == self.current.get() {
            self.stack.borrow()[slot]
        } else {
            self.threads.borrow().get(th.0).stack[slot]
        }
    }

    fn set_stack_slot(&self, th: ThreadRef, slot: usize, v: V) {
        self.tick();
        if th == self.current.get() {
            self.stack.borrow_mut()[slot] = v;
        } else {
            self.threads.borrow_mut().get_mut(th.0).stack[slot] = v;
        }
    }
}

impl Default for Heap {
    fn default() -> Self {
        <Heap as HeapBackend>::new()
    }
}

impl HeapBackend for Heap {
    const NAME: &'static str = "refcell";

    type Str = StrRef;
    type Table = TableRef;
    type Function = FunctionRef;
    type Upval = UpvalRef;
    type Userdata = UserdataRef;
    type Thread = ThreadRef;
    type View<'a> = luatb::heap::Slots<'a, Heap>;

    fn new() -> Self {
        let mut threads = Slab::default();
        let main = ThreadRef(threads.insert(ThreadObj::default()));
        Heap {
            main,
            fin_counter: Cell::new(0),
            strings: RefCell::default(),
            tables: RefCell::default(),
            functions: RefCell::default(),
            upvals: RefCell::default(),
            userdata: RefCell::default(),
            threads: RefCell::new(threads),
            stack: RefCell::default(),
            current: Cell::new(main),
            bytes: Cell::new(size_of::<ThreadObj>()),
            budget: Budget::default(),
            #[cfg(feature = "count")]
            borrows: Cell::new(0),
        }
    }

    // ---- strings -------------------------------------------------------------------
    #[inline]
    fn intern(&self, bytes: &[u8]) -> StrRef {
        self.tick();
        StrRef(self.strings.borrow_mut().intern_in(bytes, &self.budget))
    }

    #[inline]
    fn with_str<R>(&self, s: StrRef, f: impl FnOnce(&[u8]) -> R) -> R {
        self.tick();
        f(self.strings.borrow().get(s.0))
    }

    // ---- tables --------------------------------------------------------------------
    fn new_table(&self, narr: usize, nhash: usize) -> TableRef {
        self.tick();
        self.budget.alloc();
        let t = Table::new(narr, nhash);
        self.add_bytes(t.bytes());
        TableRef(self.tables.borrow_mut().insert(t))
    }

    #[inline]
    fn get(&self, t: TableRef, k: Key<Heap>) -> V {
        self.table(t, |t| t.get(k))
    }

    #[inline]
    fn get_int(&self, t: TableRef, k: i64) -> V {
        self.table(t, |t| t.get_int(k))
    }

    #[inline]
    fn get_str(&self, t: TableRef, k: StrRef) -> V {
        self.table(t, |t| t.get_str(k))
    }

    #[inline]
    fn set(&self, t: TableRef, k: Key<Heap>, v: V) -> Result<(), HeapError> {
        self.table_mut(t, |t| t.try_set(k, v, HeapRoom(self)))
    }

    #[inline]
    fn set_int(&self, t: TableRef, k: i64, v: V) -> Result<(), HeapError> {
        self.table_mut(t, |t| t.try_set_int(k, v, HeapRoom(self)))
    }

    /// No size accounting: the store cannot change the table's size.
    #[inline]
    fn replace_str(&self, t: TableRef, k: StrRef, v: V) -> bool {
        self.tick();
        self.tables.borrow_mut().get_mut(t.0).replace_str(k, v)
    }

    #[inline]
    fn replace_int(&self, t: TableRef, k: i64, v: V) -> bool {
        self.tick();
        self.tables.borrow_mut().get_mut(t.0).replace_int(k, v)
    }

    #[inline]
    fn set_str(&self, t: TableRef, k: StrRef, v: V) -> Result<(), HeapError> {
        self.table_mut(t, |t| t.try_set_str(k, v, HeapRoom(self)))
    }

    fn reserve_array(&self, t: TableRef, n: usize) {
        self.table_mut(t, |t| t.reserve_array(n))
    }

    #[inline]
    fn length(&self, t: TableRef) -> i64 {
        self.table(t, |t| t.length())
    }

    fn next(&self, t: TableRef, k: V) -> Result<Option<(V, V)>, HeapError> {
        self.table(t, |t| t.next(k))
    }

    #[inline]
    fn metatable(&self, t: TableRef) -> Option<TableRef> {
        self.table(t, |t| t.metatable)
    }

    fn set_metatable(&self, t: TableRef, mt: Option<TableRef>) {
        let seq =
            luatb::vm::gc::finalizer_seq(self, mt, self.table(t, |t| t.fin_seq), &self.fin_counter);
        self.table_mut(t, |t| {
            t.metatable = mt;
            t.fin_seq = seq;
        });
    }

    // ---- functions and upvalues ----------------------------------------------------
    fn new_function(&self, f: FunctionObj<Heap>) -> FunctionRef {
        self.tick();
        self.budget.alloc();
        self.add_bytes(f.bytes());
        FunctionRef(self.functions.borrow_mut().insert(f))
    }

    #[inline]
    fn function(&self, f: FunctionRef) -> Callee<Heap> {
        self.function_obj(f, |f| match f {
            FunctionObj::Lua(c) => Callee::Lua(c.proto.clone()),
            FunctionObj::Native(c) => Callee::Native(c.f),
        })
    }

    #[inline]
    fn closure_upval(&self, f: FunctionRef, i: usize) -> UpvalRef {
        self.function_obj(f, |f| match f {
            FunctionObj::Lua(c) => c.upvals[i],
            FunctionObj::Native(_) => panic!("closure_upval on a native closure"),
        })
    }

    fn native_upvalue(&self, f: FunctionRef, i: usize) -> V {
        self.function_obj(f, |f| match f {
            FunctionObj::Native(c) => c.upvals[i],
            FunctionObj::Lua(_) => panic!("native_upvalue on a Lua closure"),
        })
    }

    fn set_native_upvalue(&self, f: FunctionRef, i: usize, v: V) {
        self.tick();
        match self.functions.borrow_mut().get_mut(f.0) {
            FunctionObj::Native(c) => c.upvals[i] = v,
            FunctionObj::Lua(_) => panic!("set_native_upvalue on a Lua closure"),
        }
    }

    fn new_upval(&self, state: UpvalState<Heap>) -> UpvalRef {
        self.tick();
        self.budget.alloc();
        self.add_bytes(size_of::<UpvalState<Heap>>());
        UpvalRef(self.upvals.borrow_mut().insert(state))
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
        self.tick();
        let open = match self.upvals.borrow_mut().get_mut(u.0) {
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
            self.tick();
            *self.upvals.borrow_mut().get_mut(u.0) = UpvalState::Closed(v);
        }
    }

    // ---- threads and the register file ---------------------------------------------
    fn main_thread(&self) -> ThreadRef {
        self.main
    }

    fn new_thread(&self) -> ThreadRef {
        self.tick();
        self.budget.alloc();
        self.add_bytes(size_of::<ThreadObj>());
        ThreadRef(self.threads.borrow_mut().insert(ThreadObj::default()))
    }

    #[inline]
    fn current_thread(&self) -> ThreadRef {
        self.current.get()
    }

    fn switch_thread(&mut self, th: ThreadRef, state: &mut ThreadState<Heap>) {
        let cur = self.current.get();
        if th == cur {
            return;
        }
        self.tick();
        self.tick();
        let mut ths = self.threads.borrow_mut();
        let mut stack = self.stack.borrow_mut();
        // Park the running thread (its slot held placeholders), then unpark `th`,
        // leaving placeholders in its slot.
        let parked = ths.get_mut(cur.0);
        std::mem::swap(&mut parked.stack, &mut *stack);
        std::mem::swap(&mut parked.state, state);
        let next = ths.get_mut(th.0);
        std::mem::swap(&mut next.stack, &mut *stack);
        std::mem::swap(&mut next.state, state);
        self.current.set(th);
    }

    fn with_thread_state<R>(&self, th: ThreadRef, f: impl FnOnce(&ThreadState<Heap>) -> R) -> R {
        self.tick();
        f(&self.threads.borrow().get(th.0).state)
    }

    #[inline(always)]
    fn view(&self, base: usize) -> luatb::heap::Slots<'_, Heap> {
        luatb::heap::Slots::new(self, base)
    }

    #[inline(always)]
    fn reg(&self, slot: usize) -> V {
        self.tick();
        self.stack.borrow()[slot].copy_split()
    }

    #[inline(always)]
    fn set_reg(&self, slot: usize, v: V) {
        self.tick();
        self.stack.borrow_mut()[slot] = v;
    }

    /// One borrow for both registers, not one each.
    #[inline(always)]
    fn move_reg(&self, dst: usize, src: usize) {
        self.tick();
        let mut stack = self.stack.borrow_mut();
        stack[dst] = stack[src].copy_split();
    }

    #[inline(always)]
    fn reg_pair(&self, i: usize, j: usize) -> [V; 2] {
        self.tick();
        let stack = self.stack.borrow();
        [stack[i].copy_split(), stack[j].copy_split()]
    }

    /// One borrow per arithmetic instruction instead of three.
    const FUSED_UPDATES: bool = true;

    #[inline(always)]
    fn apply_regs(&self, dst: usize, i: usize, j: usize, f: impl FnOnce(V, V) -> V) -> bool {
        self.tick();
        let mut stack = self.stack.borrow_mut();
        store_result(f(stack[i].copy_split(), stack[j].copy_split()), |v| {
            stack[dst] = v
        })
    }

    #[inline(always)]
    fn apply_reg(&self, dst: usize, i: usize, f: impl FnOnce(V) -> V) -> bool {
        self.tick();
        let mut stack = self.stack.borrow_mut();
        store_result(f(stack[i].copy_split()), |v| stack[dst] = v)
    }

    #[inline(always)]
    fn update_regs<const N: usize, R>(&self, from: usize, f: impl FnOnce(&mut [V; N]) -> R) -> R {
        self.tick();
        let mut stack = self.stack.borrow_mut();
        let regs: &mut [V; N] = (&mut stack[from..from + N])
            .try_into()
            .expect("N registers");
        f(regs)
    }

    #[inline(always)]
    fn regs<const N: usize>(&self, from: usize) -> [V; N] {
        self.tick();
        let stack = self.stack.borrow();
        let mut out = [V::Nil; N];
        out.copy_from_slice(&stack[from..from + N]);
        out
    }

    #[inline(always)]
    fn set_regs<const N: usize>(&self, from: usize, vs: [V; N]) {
        self.tick();
        self.stack.borrow_mut()[from..from + N].copy_from_slice(&vs);
    }

    #[inline]
    fn copy_regs(&self, src: usize, dst: usize, n: usize) {
        self.tick();
        self.stack.borrow_mut().copy_within(src..src + n, dst);
    }

    #[inline]
    fn clear_regs(&self, from: usize, n: usize) {
        self.tick();
        self.stack.borrow_mut()[from..from + n].fill(Value::Nil);
    }

    #[inline]
    fn stack_size(&self) -> usize {
        self.tick();
        self.stack.borrow().len()
    }

    fn grow_stack(&mut self, size: usize) {
        self.tick();
        let mut stack = self.stack.borrow_mut();
        if stack.len() < size {
            stack.resize(size, Value::Nil);
        }
    }

    // ---- userdata ------------------------------------------------------------------
    fn new_userdata(&self, data: Box<dyn Any>) -> UserdataRef {
        self.tick();
        self.budget.alloc();
        self.add_bytes(userdata_bytes(&data));
        UserdataRef(self.userdata.borrow_mut().insert(UserdataObj {
            data,
            meta: None,
            fin: 0,
        }))
    }

    fn userdata_metatable(&self, u: UserdataRef) -> Option<TableRef> {
        self.tick();
        self.userdata.borrow().get(u.0).meta
    }

    fn set_userdata_metatable(&self, u: UserdataRef, mt: Option<TableRef>) {
        self.tick();
        let cur = self.userdata.borrow().get(u.0).fin;
        let seq = luatb::vm::gc::finalizer_seq(self, mt, cur, &self.fin_counter);
        let mut uds = self.userdata.borrow_mut();
        let ud = uds.get_mut(u.0);
        ud.meta = mt;
        ud.fin = seq;
    }

    fn with_userdata<R>(&self, u: UserdataRef, f: impl FnOnce(&mut dyn Any) -> R) -> R {
        self.tick();
        f(self.userdata.borrow_mut().get_mut(u.0).data.as_mut())
    }

    // ---- accounting ----------------------------------------------------------------
    fn budget(&self) -> Option<&Budget> {
        Some(&self.budget)
    }

    fn heap_bytes(&self) -> usize {
        self.tick();
        self.tick();
        self.bytes.get()
            + self.strings.borrow().bytes()
            + self.stack.borrow().capacity() * size_of::<V>()
    }

    // ---- the collector -----------------------------------------------------------------
    const COLLECTS: bool = true;

    fn gc_mark(&self, o: GcObj<Heap>) -> bool {
        match o {
            GcObj::Str(s) => self.strings.borrow_mut().mark(s.0),
            GcObj::Table(t) => self.tables.borrow_mut().mark(t.0),
            GcObj::Function(f) => self.functions.borrow_mut().mark(f.0),
            GcObj::Upval(u) => self.upvals.borrow_mut().mark(u.0),
            GcObj::Userdata(u) => self.userdata.borrow_mut().mark(u.0),
            GcObj::Thread(t) => self.threads.borrow_mut().mark(t.0),
        }
    }

    fn gc_is_marked(&self, o: GcObj<Heap>) -> bool {
        match o {
            GcObj::Str(s) => self.strings.borrow().is_marked(s.0),
            GcObj::Table(t) => self.tables.borrow().is_marked(t.0),
            GcObj::Function(f) => self.functions.borrow().is_marked(f.0),
            GcObj::Upval(u) => self.upvals.borrow().is_marked(u.0),
            GcObj::Userdata(u) => self.userdata.borrow().is_marked(u.0),
            GcObj::Thread(t) => self.threads.borrow().is_marked(t.0),
        }
    }

    fn gc_refs(&self, o: GcObj<Heap>, out: &mut Vec<GcObj<Heap>>) {
        match o {
            GcObj::Str(_) => {}
            GcObj::Table(t) => out.extend(self.metatable(t).map(GcObj::Table)),
            GcObj::Function(f) => self.functions.borrow().get(f.0).trace(out),
            GcObj::Upval(u) => self.upvals.borrow().get(u.0).trace(out),
            GcObj::Userdata(u) => out.extend(self.userdata_metatable(u).map(GcObj::Table)),
            GcObj::Thread(th) => {
                if th != self.current.get() {
                    let mut ths = self.threads.borrow_mut();
                    let t = ths.get_mut(th.0);
                    luatb::vm::gc::trace_parked(&t.state, &mut t.stack, out);
                }
            }
        }
    }

    fn gc_table_fields(&self, t: TableRef, out: &mut Vec<(V, V)>) {
        self.table(t, |t| t.for_each(|k, v| out.push((k, v))));
    }

    fn gc_finalizable(&self, unmarked_only: bool, out: &mut Vec<(GcObj<Heap>, u32)>) {
        for (id, marked, t) in self.tables.borrow().iter() {
            if t.fin_seq != 0 && !(unmarked_only && marked) {
                out.push((GcObj::Table(TableRef(id)), t.fin_seq));
            }
        }
        for (id, marked, u) in self.userdata.borrow().iter() {
            if u.fin != 0 && !(unmarked_only && marked) {
                out.push((GcObj::Userdata(UserdataRef(id)), u.fin));
            }
        }
    }

    fn gc_sweep(&self) {
        let mut freed = 0usize;
        self.tables.borrow_mut().sweep(|_, t| freed += t.bytes());
        self.functions.borrow_mut().sweep(|_, f| freed += f.bytes());
        self.upvals
            .borrow_mut()
            .sweep(|_, _| freed += size_of::<UpvalState<Heap>>());
        self.userdata
            .borrow_mut()
            .sweep(|_, u| freed += userdata_bytes(&u.data));
        self.threads
            .borrow_mut()
            .sweep(|_, _| freed += size_of::<ThreadObj>());
        self.strings.borrow_mut().sweep();
        self.bytes.set(self.bytes.get().wrapping_sub(freed));
    }

    fn counters(&self) -> Counters {
        Counters {
            #[cfg(feature = "count")]
            borrows: self.borrows.get(),
            ..Counters::default()
        }
    }
}

fn userdata_bytes(data: &Box<dyn Any>) -> usize {
    size_of::<UserdataObj>() + size_of_val(&**data)
}
