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
use luatb::heap::{Counters, HeapBackend};
use luatb::interner::Interner;
use luatb::table::Table;
use luatb::value::{Key, Value};
use luatb::vm::ThreadState;
use objects::{ThreadObj, UserdataObj};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::mem::size_of;

type V = Value<Heap>;

pub struct Heap {
    strings: RefCell<Interner>,
    tables: RefCell<Vec<Table<Heap>>>,
    functions: RefCell<Vec<FunctionObj<Heap>>>,
    upvals: RefCell<Vec<UpvalState<Heap>>>,
    userdata: RefCell<Vec<UserdataObj>>,
    threads: RefCell<Vec<ThreadObj>>,
    /// The running thread's registers.
    stack: RefCell<Vec<V>>,
    current: Cell<ThreadRef>,
    /// Running estimate of the bytes held by every arena but the interner and the stack.
    bytes: Cell<usize>,
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
        f(&self.tables.borrow()[t.at()])
    }

    /// Mutate a table, charging any growth to the running byte count.
    #[inline(always)]
    fn table_mut<R>(&self, t: TableRef, f: impl FnOnce(&mut Table<Heap>) -> R) -> R {
        self.tick();
        let mut tables = self.tables.borrow_mut();
        let tab = &mut tables[t.at()];
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
        g(&self.functions.borrow()[f.at()])
    }

    fn upval_state(&self, u: UpvalRef) -> UpvalState<Heap> {
        self.tick();
        self.upvals.borrow()[u.at()].clone()
    }

    /// Slot `slot` of `th`'s stack, wherever that stack currently lives.
    fn stack_slot(&self, th: ThreadRef, slot: usize) -> V {
        self.tick();
        if th == self.current.get() {
            self.stack.borrow()[slot]
        } else {
            self.threads.borrow()[th.at()].stack[slot]
        }
    }

    fn set_stack_slot(&self, th: ThreadRef, slot: usize, v: V) {
        self.tick();
        if th == self.current.get() {
            self.stack.borrow_mut()[slot] = v;
        } else {
            self.threads.borrow_mut()[th.at()].stack[slot] = v;
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

    fn new() -> Self {
        Heap {
            strings: RefCell::default(),
            tables: RefCell::default(),
            functions: RefCell::default(),
            upvals: RefCell::default(),
            userdata: RefCell::default(),
            threads: RefCell::new(vec![ThreadObj::default()]),
            stack: RefCell::default(),
            current: Cell::new(ThreadRef(0)),
            bytes: Cell::new(size_of::<ThreadObj>()),
            #[cfg(feature = "count")]
            borrows: Cell::new(0),
        }
    }

    // ---- strings -------------------------------------------------------------------
    #[inline]
    fn intern(&self, bytes: &[u8]) -> StrRef {
        self.tick();
        StrRef(self.strings.borrow_mut().intern(bytes))
    }

    #[inline]
    fn with_str<R>(&self, s: StrRef, f: impl FnOnce(&[u8]) -> R) -> R {
        self.tick();
        f(self.strings.borrow().get(s.0))
    }

    // ---- tables --------------------------------------------------------------------
    fn new_table(&self, narr: usize, nhash: usize) -> TableRef {
        self.tick();
        let t = Table::new(narr, nhash);
        self.add_bytes(t.bytes());
        let mut tables = self.tables.borrow_mut();
        tables.push(t);
        TableRef::new(tables.len() - 1)
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
        self.table_mut(t, |t| t.set(k, v));
        Ok(())
    }

    #[inline]
    fn set_int(&self, t: TableRef, k: i64, v: V) -> Result<(), HeapError> {
        self.table_mut(t, |t| t.set_int(k, v));
        Ok(())
    }

    #[inline]
    fn set_str(&self, t: TableRef, k: StrRef, v: V) -> Result<(), HeapError> {
        self.table_mut(t, |t| t.set_str(k, v));
        Ok(())
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
        self.table_mut(t, |t| t.metatable = mt);
    }

    // ---- functions and upvalues ----------------------------------------------------
    fn new_function(&self, f: FunctionObj<Heap>) -> FunctionRef {
        self.tick();
        let extra = match &f {
            FunctionObj::Lua(c) => c.upvals.len() * size_of::<UpvalRef>(),
            FunctionObj::Native(c) => c.upvals.len() * size_of::<V>(),
        };
        self.add_bytes(size_of::<FunctionObj<Heap>>() + extra);
        let mut fs = self.functions.borrow_mut();
        fs.push(f);
        FunctionRef::new(fs.len() - 1)
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
        match &mut self.functions.borrow_mut()[f.at()] {
            FunctionObj::Native(c) => c.upvals[i] = v,
            FunctionObj::Lua(_) => panic!("set_native_upvalue on a Lua closure"),
        }
    }

    fn new_upval(&self, state: UpvalState<Heap>) -> UpvalRef {
        self.tick();
        self.add_bytes(size_of::<UpvalState<Heap>>());
        let mut us = self.upvals.borrow_mut();
        us.push(state);
        UpvalRef::new(us.len() - 1)
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
        let open = match &mut self.upvals.borrow_mut()[u.at()] {
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
            self.upvals.borrow_mut()[u.at()] = UpvalState::Closed(v);
        }
    }

    // ---- threads and the register file ---------------------------------------------
    fn main_thread(&self) -> ThreadRef {
        ThreadRef(0)
    }

    fn new_thread(&self) -> ThreadRef {
        self.tick();
        self.add_bytes(size_of::<ThreadObj>());
        let mut ths = self.threads.borrow_mut();
        ths.push(ThreadObj::default());
        ThreadRef::new(ths.len() - 1)
    }

    #[inline]
    fn current_thread(&self) -> ThreadRef {
        self.current.get()
    }

    fn switch_thread(&self, th: ThreadRef, state: &mut ThreadState<Heap>) {
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
        std::mem::swap(&mut ths[cur.at()].stack, &mut *stack);
        std::mem::swap(&mut ths[cur.at()].state, state);
        std::mem::swap(&mut ths[th.at()].stack, &mut *stack);
        std::mem::swap(&mut ths[th.at()].state, state);
        self.current.set(th);
    }

    fn with_thread_state<R>(&self, th: ThreadRef, f: impl FnOnce(&ThreadState<Heap>) -> R) -> R {
        self.tick();
        f(&self.threads.borrow()[th.at()].state)
    }

    #[inline(always)]
    fn reg(&self, slot: usize) -> V {
        self.tick();
        self.stack.borrow()[slot]
    }

    #[inline(always)]
    fn set_reg(&self, slot: usize, v: V) {
        self.tick();
        self.stack.borrow_mut()[slot] = v;
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

    fn grow_stack(&self, size: usize) {
        self.tick();
        let mut stack = self.stack.borrow_mut();
        if stack.len() < size {
            stack.resize(size, Value::Nil);
        }
    }

    // ---- userdata ------------------------------------------------------------------
    fn new_userdata(&self, data: Box<dyn Any>) -> UserdataRef {
        self.tick();
        self.add_bytes(size_of::<UserdataObj>() + size_of_val(&*data));
        let mut uds = self.userdata.borrow_mut();
        uds.push(UserdataObj { data, meta: None });
        UserdataRef::new(uds.len() - 1)
    }

    fn userdata_metatable(&self, u: UserdataRef) -> Option<TableRef> {
        self.tick();
        self.userdata.borrow()[u.at()].meta
    }

    fn set_userdata_metatable(&self, u: UserdataRef, mt: Option<TableRef>) {
        self.tick();
        self.userdata.borrow_mut()[u.at()].meta = mt;
    }

    fn with_userdata<R>(&self, u: UserdataRef, f: impl FnOnce(&mut dyn Any) -> R) -> R {
        self.tick();
        f(self.userdata.borrow_mut()[u.at()].data.as_mut())
    }

    // ---- accounting ----------------------------------------------------------------
    fn heap_bytes(&self) -> usize {
        self.tick();
        self.tick();
        self.bytes.get()
            + self.strings.borrow().bytes()
            + self.stack.borrow().capacity() * size_of::<V>()
    }

    fn counters(&self) -> Counters {
        Counters {
            #[cfg(feature = "count")]
            borrows: self.borrows.get(),
            ..Counters::default()
        }
    }
}
