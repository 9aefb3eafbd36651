//! The `unsafe` strategy: the refcell backend's arenas without the borrow flags. Each
//! object kind lives in an [`raw`] arena behind an `UnsafeCell`; a method reaches the one
//! object it needs through a tagged handle (one compare, no bounds check), works on it for
//! the length of the call and copies values out. The running thread's registers are an
//! `UnsafeCell` vector bounded by one compare per access.
//!
//! Everything `unsafe` is in `raw::fast`, behind a safe API whose soundness argument is
//! in [`raw`]. This file is safe code: it holds up its side of that argument by never
//! nesting two accesses to one arena and never running a caller's closure inside one.
//! With the `checked` feature the same code runs over `RefCell`s and checked indexing.
#![deny(
    unsafe_code,
    unsafe_op_in_unsafe_fn,
    clippy::undocumented_unsafe_blocks
)]

mod objects;
pub mod raw;

pub use objects::ThreadObj;
pub use objects::{FunctionRef, StrRef, TableRef, ThreadRef, UpvalRef, UserdataObj, UserdataRef};
pub use raw::Ref;

use luatb::error::HeapError;
use luatb::function::{Callee, FunctionObj, UpvalState};
use luatb::heap::HeapBackend;
use luatb::interner::FnvBuild;
use luatb::table::Table;
use luatb::value::{Key, Value};
use luatb::vm::ThreadState;
use objects::Parked;
use raw::{Arena, Solo, Stack};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::mem::{size_of, size_of_val};
use std::rc::Rc;

type V = Value<Heap>;

pub struct Heap {
    /// The running thread's registers.
    stack: Stack<V>,
    current: Cell<ThreadRef>,
    tables: Arena<Table<Heap>>,
    functions: Arena<FunctionObj<Heap>>,
    upvals: Arena<UpvalState<Heap>>,
    strings: Arena<Rc<[u8]>>,
    /// Bytes to string, for interning; the key shares the arena's allocation.
    interned: Solo<HashMap<Rc<[u8]>, StrRef, FnvBuild>>,
    userdata: Arena<UserdataObj>,
    threads: Arena<ThreadObj>,
    main: ThreadRef,
}

impl Heap {
    /// The parked half of a thread, copied out so it can be borrowed outside the arena.
    fn parked(&self, th: ThreadRef) -> Rc<RefCell<Parked>> {
        self.threads.with(th, |t| t.parked.clone())
    }

    /// Slot `slot` of `th`'s stack, wherever that stack currently lives.
    #[inline(always)]
    fn stack_slot(&self, th: ThreadRef, slot: usize) -> V {
        if th == self.current.get() {
            self.stack.get(slot)
        } else {
            self.parked_slot(th, slot)
        }
    }

    #[inline(always)]
    fn set_stack_slot(&self, th: ThreadRef, slot: usize, v: V) {
        if th == self.current.get() {
            self.stack.set(slot, v);
        } else {
            self.set_parked_slot(th, slot, v);
        }
    }

    /// An upvalue still open on a suspended coroutine: kept out of line so that the
    /// common case (open on the running thread, or closed) stays small.
    #[inline(never)]
    fn parked_slot(&self, th: ThreadRef, slot: usize) -> V {
        self.parked(th).borrow().stack[slot]
    }

    #[inline(never)]
    fn set_parked_slot(&self, th: ThreadRef, slot: usize, v: V) {
        self.parked(th).borrow_mut().stack[slot] = v;
    }

    /// Where an upvalue's value is: its own cell (`Ok`) or a thread's stack slot.
    #[inline(always)]
    fn upval_place(&self, u: UpvalRef) -> Result<V, (ThreadRef, usize)> {
        self.upvals.with(u, |s| match *s {
            UpvalState::Closed(v) => Ok(v),
            UpvalState::Open { thread, slot } => Err((thread, slot)),
        })
    }
}

impl Default for Heap {
    fn default() -> Self {
        <Heap as HeapBackend>::new()
    }
}

impl HeapBackend for Heap {
    const NAME: &'static str = "unsafe";

    type Str = StrRef;
    type Table = TableRef;
    type Function = FunctionRef;
    type Upval = UpvalRef;
    type Userdata = UserdataRef;
    type Thread = ThreadRef;

    fn new() -> Self {
        let threads = Arena::new();
        let main = threads.push(ThreadObj::new());
        Heap {
            stack: Stack::new(),
            current: Cell::new(main),
            tables: Arena::new(),
            functions: Arena::new(),
            upvals: Arena::new(),
            strings: Arena::new(),
            interned: Solo::new(HashMap::default()),
            userdata: Arena::new(),
            threads,
            main,
        }
    }

    // ---- strings -------------------------------------------------------------------
    #[inline]
    fn intern(&self, bytes: &[u8]) -> StrRef {
        if let Some(s) = self.interned.with_mut(|m| m.get(bytes).copied()) {
            return s;
        }
        let owned: Rc<[u8]> = Rc::from(bytes);
        let s = self.strings.push(owned.clone());
        self.interned.with_mut(|m| m.insert(owned, s));
        s
    }

    #[inline]
    fn with_str<R>(&self, s: StrRef, f: impl FnOnce(&[u8]) -> R) -> R {
        let bytes = self.strings.with(s, Rc::clone);
        f(&bytes)
    }

    #[inline]
    fn str_len(&self, s: StrRef) -> usize {
        self.strings.with(s, |b| b.len())
    }

    // ---- tables --------------------------------------------------------------------
    fn new_table(&self, narr: usize, nhash: usize) -> TableRef {
        self.tables.push(Table::new(narr, nhash))
    }

    #[inline]
    fn get(&self, t: TableRef, k: Key<Heap>) -> V {
        self.tables.with(t, |t| t.get(k))
    }

    #[inline(always)]
    fn get_int(&self, t: TableRef, k: i64) -> V {
        self.tables.with(t, |t| t.get_int(k))
    }

    #[inline(always)]
    fn get_str(&self, t: TableRef, k: StrRef) -> V {
        self.tables.with(t, |t| t.get_str(k))
    }

    #[inline]
    fn set(&self, t: TableRef, k: Key<Heap>, v: V) -> Result<(), HeapError> {
        self.tables.with_mut(t, |t| t.set(k, v));
        Ok(())
    }

    #[inline(always)]
    fn set_int(&self, t: TableRef, k: i64, v: V) -> Result<(), HeapError> {
        self.tables.with_mut(t, |t| t.set_int(k, v));
        Ok(())
    }

    #[inline(always)]
    fn set_str(&self, t: TableRef, k: StrRef, v: V) -> Result<(), HeapError> {
        self.tables.with_mut(t, |t| t.set_str(k, v));
        Ok(())
    }

    #[inline]
    fn length(&self, t: TableRef) -> i64 {
        self.tables.with(t, |t| t.length())
    }

    fn next(&self, t: TableRef, k: V) -> Result<Option<(V, V)>, HeapError> {
        self.tables.with(t, |t| t.next(k))
    }

    #[inline(always)]
    fn metatable(&self, t: TableRef) -> Option<TableRef> {
        self.tables.with(t, |t| t.metatable)
    }

    fn set_metatable(&self, t: TableRef, mt: Option<TableRef>) {
        self.tables.with_mut(t, |t| t.metatable = mt);
    }

    // ---- functions and upvalues ----------------------------------------------------
    fn new_function(&self, f: FunctionObj<Heap>) -> FunctionRef {
        self.functions.push(f)
    }

    #[inline(always)]
    fn function(&self, f: FunctionRef) -> Callee<Heap> {
        self.functions.with(f, |f| match f {
            FunctionObj::Lua(c) => Callee::Lua(c.proto.clone()),
            FunctionObj::Native(c) => Callee::Native(c.f),
        })
    }

    #[inline(always)]
    fn closure_upval(&self, f: FunctionRef, i: usize) -> UpvalRef {
        self.functions.with(f, |f| match f {
            FunctionObj::Lua(c) => c.upvals[i],
            FunctionObj::Native(_) => panic!("closure_upval on a native closure"),
        })
    }

    fn native_upvalue(&self, f: FunctionRef, i: usize) -> V {
        self.functions.with(f, |f| match f {
            FunctionObj::Native(c) => c.upvals[i],
            FunctionObj::Lua(_) => panic!("native_upvalue on a Lua closure"),
        })
    }

    fn set_native_upvalue(&self, f: FunctionRef, i: usize, v: V) {
        self.functions.with_mut(f, |f| match f {
            FunctionObj::Native(c) => c.upvals[i] = v,
            FunctionObj::Lua(_) => panic!("set_native_upvalue on a Lua closure"),
        })
    }

    fn new_upval(&self, state: UpvalState<Heap>) -> UpvalRef {
        self.upvals.push(state)
    }

    #[inline(always)]
    fn upval_get(&self, u: UpvalRef) -> V {
        match self.upval_place(u) {
            Ok(v) => v,
            Err((thread, slot)) => self.stack_slot(thread, slot),
        }
    }

    #[inline(always)]
    fn upval_set(&self, u: UpvalRef, v: V) {
        let open = self.upvals.with_mut(u, |s| match s {
            UpvalState::Closed(cell) => {
                *cell = v;
                None
            }
            UpvalState::Open { thread, slot } => Some((*thread, *slot)),
        });
        if let Some((thread, slot)) = open {
            self.set_stack_slot(thread, slot, v);
        }
    }

    fn upval_close(&self, u: UpvalRef) {
        if let Err((thread, slot)) = self.upval_place(u) {
            let v = self.stack_slot(thread, slot);
            self.upvals.with_mut(u, |s| *s = UpvalState::Closed(v));
        }
    }

    // ---- threads and the register file ---------------------------------------------
    fn main_thread(&self) -> ThreadRef {
        self.main
    }

    fn new_thread(&self) -> ThreadRef {
        self.threads.push(ThreadObj::new())
    }

    #[inline]
    fn current_thread(&self) -> ThreadRef {
        self.current.get()
    }

    fn switch_thread(&self, th: ThreadRef, state: &mut ThreadState<Heap>) {
        let cur = self.current.get();
        // Checks `th`'s tag before anything changes.
        let next = self.parked(th);
        if th == cur {
            return;
        }
        let prev = self.parked(cur);
        let (mut prev, mut next) = (prev.borrow_mut(), next.borrow_mut());
        // Park the running thread (its slot held placeholders), then unpark `th`, leaving
        // placeholders in its slot.
        self.stack.swap(&mut prev.stack);
        std::mem::swap(&mut prev.state, state);
        self.stack.swap(&mut next.stack);
        std::mem::swap(&mut next.state, state);
        self.current.set(th);
    }

    fn with_thread_state<R>(&self, th: ThreadRef, f: impl FnOnce(&ThreadState<Heap>) -> R) -> R {
        let parked = self.parked(th);
        let p = parked.borrow();
        f(&p.state)
    }

    #[inline(always)]
    fn reg(&self, slot: usize) -> V {
        self.stack.get(slot)
    }

    #[inline(always)]
    fn set_reg(&self, slot: usize, v: V) {
        self.stack.set(slot, v)
    }

    #[inline(always)]
    fn copy_regs(&self, src: usize, dst: usize, n: usize) {
        self.stack.copy(src, dst, n)
    }

    #[inline(always)]
    fn clear_regs(&self, from: usize, n: usize) {
        self.stack.fill(from, n, Value::Nil)
    }

    #[inline(always)]
    fn stack_size(&self) -> usize {
        self.stack.len()
    }

    fn grow_stack(&self, size: usize) {
        self.stack.grow(size)
    }

    // ---- userdata ------------------------------------------------------------------
    fn new_userdata(&self, data: Box<dyn Any>) -> UserdataRef {
        self.userdata.push(UserdataObj {
            data: Rc::new(RefCell::new(data)),
            meta: None,
        })
    }

    fn userdata_metatable(&self, u: UserdataRef) -> Option<TableRef> {
        self.userdata.with(u, |u| u.meta)
    }

    fn set_userdata_metatable(&self, u: UserdataRef, mt: Option<TableRef>) {
        self.userdata.with_mut(u, |u| u.meta = mt)
    }

    fn with_userdata<R>(&self, u: UserdataRef, f: impl FnOnce(&mut dyn Any) -> R) -> R {
        let data = self.userdata.with(u, |u| u.data.clone());
        let mut payload = data.borrow_mut();
        f(payload.as_mut())
    }

    // ---- accounting ----------------------------------------------------------------
    /// Summed over the arenas when asked, so that no store pays for bookkeeping.
    fn heap_bytes(&self) -> usize {
        let tables = self
            .tables
            .with_all(|ts| ts.iter().map(Table::bytes).sum::<usize>());
        let functions = self.functions.with_all(|fs| {
            fs.iter()
                .map(|f| {
                    size_of::<FunctionObj<Heap>>()
                        + match f {
                            FunctionObj::Lua(c) => c.upvals.len() * size_of::<UpvalRef>(),
                            FunctionObj::Native(c) => c.upvals.len() * size_of::<V>(),
                        }
                })
                .sum::<usize>()
        });
        let upvals = self
            .upvals
            .with_all(|us: &[UpvalState<Heap>]| size_of_val(us));
        // Each string: its bytes and `Rc` header, an arena slot and an index entry.
        let per_string = 2 * size_of::<usize>() + 2 * size_of::<Rc<[u8]>>() + 8;
        let strings = self
            .strings
            .with_all(|ss| ss.iter().map(|s| s.len() + per_string).sum::<usize>());
        let userdata = self.userdata.with_all(|us| {
            us.iter()
                .map(|u| {
                    let payload = u.data.try_borrow().map_or(0, |d| size_of_val(&**d));
                    size_of::<UserdataObj>() + 4 * size_of::<usize>() + payload
                })
                .sum::<usize>()
        });
        let threads = self.threads.with_all(|ts| {
            ts.iter()
                .map(|t| {
                    let parked = t.parked.try_borrow().map_or(0, |p| p.stack.capacity());
                    size_of::<ThreadObj>() + size_of::<Parked>() + parked * size_of::<V>()
                })
                .sum::<usize>()
        });
        tables
            + functions
            + upvals
            + strings
            + userdata
            + threads
            + self.stack.capacity() * size_of::<V>()
    }
}
