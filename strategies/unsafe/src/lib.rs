//! The `unsafe` strategy: the refcell backend's arenas without the borrow flags. Each
//! object kind lives in an [`raw`] arena behind an `UnsafeCell`; a method reaches the one
//! object it needs through a tagged handle (one compare, no bounds check), works on it for
//! the length of the call and copies values out. The running thread's registers are a
//! vector of `Cell`s in safe code: a frame's view of them ([`Regs`]) is a borrowed slice,
//! one compare and one load per access, and only `&mut self` methods move the buffer.
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
use luatb::heap::{GcObj, HeapBackend, RegisterView};
use luatb::interner::BytesBuild;
// Table growth asks `HeapRoom`: `heap_bytes` reads only the byte counters and the
// register stack, never the table arena a store runs inside.
use luatb::table::Table;
use luatb::value::{Key, Value};
use luatb::vm::gc::budget::Budget;
use luatb::vm::gc::budget::HeapRoom;
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
    interned: Solo<HashMap<Rc<[u8]>, StrRef, BytesBuild>>,
    userdata: Arena<UserdataObj>,
    threads: Arena<ThreadObj>,
    main: ThreadRef,
    /// Bytes held by every object but strings, kept as objects are made, grow and die.
    bytes: Cell<usize>,
    string_bytes: Cell<usize>,
    fin_counter: Cell<u32>,
    budget: Budget,
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
        self.parked(th).borrow().stack[slot].get()
    }

    #[inline(never)]
    fn set_parked_slot(&self, th: ThreadRef, slot: usize, v: V) {
        self.parked(th).borrow().stack[slot].set(v);
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

/// Accounted size of a thread object (its parked stack is not counted).
const THREAD_BYTES: usize = size_of::<ThreadObj>() + size_of::<Parked>();
/// Accounted cost of a string beyond its bytes: `Rc` header, arena slot, index entry.
const STRING_OVERHEAD: usize = 48;

fn userdata_bytes(u: &UserdataObj) -> usize {
    let payload = u.data.try_borrow().map_or(0, |d| size_of_val(&**d));
    size_of::<UserdataObj>() + 4 * size_of::<usize>() + payload
}

impl Heap {
    #[inline(always)]
    fn charge(&self, n: usize) {
        self.bytes.set(self.bytes.get().wrapping_add(n));
    }

    /// A table store that may grow the table: its footprint is measured around it.
    #[inline]
    fn store(
        &self,
        t: TableRef,
        f: impl FnOnce(&mut Table<Heap>) -> Result<(), HeapError>,
    ) -> Result<(), HeapError> {
        let (grown, r) = self.tables.with_mut(t, |t| {
            let before = t.bytes();
            let r = f(t);
            (t.bytes().wrapping_sub(before), r)
        });
        if grown != 0 {
            self.charge(grown);
        }
        r
    }
}

impl Default for Heap {
    fn default() -> Self {
        <Heap as HeapBackend>::new()
    }
}

/// A frame's registers: the running stack's 256 slots from the frame's base on. One load
/// reaches a register, and an index taken from an 8-bit operand is in bounds by its type.
#[derive(Clone, Copy)]
pub struct Regs<'a>(&'a [Cell<V>; raw::WINDOW]);

impl RegisterView<Heap> for Regs<'_> {
    #[inline(always)]
    fn get(self, i: usize) -> V {
        raw::read_halves(&self.0[i])
    }
    #[inline(always)]
    fn set(self, i: usize, v: V) {
        self.0[i].set(v)
    }
    #[inline(always)]
    fn get_n<const N: usize>(self, i: usize) -> [V; N] {
        // Indexed, not zipped: with `Value`'s two-half layout LLVM kept the zip as a loop
        // (FORLOOP's three-register read and two-register write, 12% of `sieve`).
        let s = &self.0[i..i + N];
        std::array::from_fn(|k| raw::read_halves(&s[k]))
    }
    #[inline(always)]
    fn set_n<const N: usize>(self, i: usize, vs: [V; N]) {
        let s = &self.0[i..i + N];
        #[allow(clippy::needless_range_loop)]
        for k in 0..N {
            s[k].set(vs[k]);
        }
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
    type View<'a> = Regs<'a>;

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
            bytes: Cell::new(THREAD_BYTES),
            string_bytes: Cell::new(0),
            fin_counter: Cell::new(0),
            budget: Budget::default(),
        }
    }

    // ---- strings -------------------------------------------------------------------
    #[inline]
    fn intern(&self, bytes: &[u8]) -> StrRef {
        if let Some(s) = self.interned.with_mut(|m| m.get(bytes).copied()) {
            return s;
        }
        self.budget.alloc();
        let owned: Rc<[u8]> = Rc::from(bytes);
        self.string_bytes
            .set(self.string_bytes.get() + bytes.len() + STRING_OVERHEAD);
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
        self.budget.alloc();
        let t = Table::new(narr, nhash);
        self.charge(t.bytes());
        self.tables.push(t)
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
        self.store(t, |t| t.try_set(k, v, HeapRoom(self)))
    }

    #[inline(always)]
    fn set_int(&self, t: TableRef, k: i64, v: V) -> Result<(), HeapError> {
        // A store inside the array part never grows the table: no measuring there.
        let outside = self.tables.with_mut(t, |t| {
            if ((k as u64).wrapping_sub(1)) < t.array_len() as u64 {
                t.set_int(k, v);
                false
            } else {
                true
            }
        });
        if outside {
            return self.store(t, |t| t.try_set_int(k, v, HeapRoom(self)));
        }
        Ok(())
    }

    #[inline(always)]
    fn replace_str(&self, t: TableRef, k: StrRef, v: V) -> bool {
        self.tables.with_mut(t, |t| t.replace_str(k, v))
    }

    #[inline(always)]
    fn replace_int(&self, t: TableRef, k: i64, v: V) -> bool {
        self.tables.with_mut(t, |t| t.replace_int(k, v))
    }

    /// No shortcut for an existing field here: the dispatch loop has tried `replace_str`
    /// before it calls this.
    #[inline(always)]
    fn set_str(&self, t: TableRef, k: StrRef, v: V) -> Result<(), HeapError> {
        self.store(t, |t| t.try_set_str(k, v, HeapRoom(self)))
    }

    fn reserve_array(&self, t: TableRef, n: usize) {
        let _ = self.store(t, |t| {
            t.reserve_array(n);
            Ok(())
        });
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
        let seq = luatb::vm::gc::finalizer_seq(
            self,
            mt,
            self.tables.with(t, |t| t.fin_seq),
            &self.fin_counter,
        );
        self.tables.with_mut(t, |t| {
            t.metatable = mt;
            t.fin_seq = seq;
        });
    }

    // ---- functions and upvalues ----------------------------------------------------
    fn new_function(&self, f: FunctionObj<Heap>) -> FunctionRef {
        self.budget.alloc();
        self.charge(f.bytes());
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
        self.budget.alloc();
        self.charge(size_of::<UpvalState<Heap>>());
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
        self.budget.alloc();
        self.charge(THREAD_BYTES);
        self.threads.push(ThreadObj::new())
    }

    #[inline]
    fn current_thread(&self) -> ThreadRef {
        self.current.get()
    }

    fn switch_thread(&mut self, th: ThreadRef, state: &mut ThreadState<Heap>) {
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
    fn view(&self, base: usize) -> Regs<'_> {
        Regs(self.stack.window(base))
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
    fn regs<const N: usize>(&self, from: usize) -> [V; N] {
        self.stack.get_n(from)
    }

    #[inline(always)]
    fn set_regs<const N: usize>(&self, from: usize, vs: [V; N]) {
        self.stack.set_n(from, vs)
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

    fn grow_stack(&mut self, size: usize) {
        self.stack.grow(size)
    }

    // ---- userdata ------------------------------------------------------------------
    fn new_userdata(&self, data: Box<dyn Any>) -> UserdataRef {
        let u = UserdataObj {
            data: Rc::new(RefCell::new(data)),
            meta: None,
            fin: 0,
        };
        self.budget.alloc();
        self.charge(userdata_bytes(&u));
        self.userdata.push(u)
    }

    fn userdata_metatable(&self, u: UserdataRef) -> Option<TableRef> {
        self.userdata.with(u, |u| u.meta)
    }

    fn set_userdata_metatable(&self, u: UserdataRef, mt: Option<TableRef>) {
        let seq = luatb::vm::gc::finalizer_seq(
            self,
            mt,
            self.userdata.with(u, |u| u.fin),
            &self.fin_counter,
        );
        self.userdata.with_mut(u, |u| {
            u.meta = mt;
            u.fin = seq;
        })
    }

    fn with_userdata<R>(&self, u: UserdataRef, f: impl FnOnce(&mut dyn Any) -> R) -> R {
        let data = self.userdata.with(u, |u| u.data.clone());
        let mut payload = data.borrow_mut();
        f(payload.as_mut())
    }

    // ---- accounting ----------------------------------------------------------------
    fn heap_bytes(&self) -> usize {
        self.bytes.get() + self.string_bytes.get() + self.stack.capacity() * size_of::<V>()
    }

    fn budget(&self) -> Option<&Budget> {
        Some(&self.budget)
    }

    // ---- the collector -----------------------------------------------------------------
    const COLLECTS: bool = true;

    fn gc_mark(&self, o: GcObj<Heap>) -> bool {
        match o {
            GcObj::Str(s) => self.strings.mark(s),
            GcObj::Table(t) => self.tables.mark(t),
            GcObj::Function(f) => self.functions.mark(f),
            GcObj::Upval(u) => self.upvals.mark(u),
            GcObj::Userdata(u) => self.userdata.mark(u),
            GcObj::Thread(t) => self.threads.mark(t),
        }
    }

    fn gc_is_marked(&self, o: GcObj<Heap>) -> bool {
        match o {
            GcObj::Str(s) => self.strings.is_marked(s),
            GcObj::Table(t) => self.tables.is_marked(t),
            GcObj::Function(f) => self.functions.is_marked(f),
            GcObj::Upval(u) => self.upvals.is_marked(u),
            GcObj::Userdata(u) => self.userdata.is_marked(u),
            GcObj::Thread(t) => self.threads.is_marked(t),
        }
    }

    fn gc_refs(&self, o: GcObj<Heap>, out: &mut Vec<GcObj<Heap>>) {
        match o {
            GcObj::Str(_) => {}
            GcObj::Table(t) => out.extend(self.metatable(t).map(GcObj::Table)),
            GcObj::Function(f) => self.functions.with(f, |f| f.trace(out)),
            GcObj::Upval(u) => self.upvals.with(u, |u| u.trace(out)),
            GcObj::Userdata(u) => out.extend(self.userdata_metatable(u).map(GcObj::Table)),
            GcObj::Thread(th) => {
                if th != self.current.get() {
                    let parked = self.parked(th);
                    let mut p = parked.borrow_mut();
                    let p = &mut *p;
                    luatb::vm::gc::trace_parked_cells(&p.state, &p.stack, out);
                }
            }
        }
    }

    fn gc_table_fields(&self, t: TableRef, out: &mut Vec<(V, V)>) {
        self.tables.with(t, |t| t.for_each(|k, v| out.push((k, v))));
    }

    fn gc_finalizable(&self, unmarked_only: bool, out: &mut Vec<(GcObj<Heap>, u32)>) {
        self.tables.for_each(|r, marked, t| {
            if t.fin_seq != 0 && !(unmarked_only && marked) {
                out.push((GcObj::Table(r), t.fin_seq));
            }
        });
        self.userdata.for_each(|r, marked, u| {
            if u.fin != 0 && !(unmarked_only && marked) {
                out.push((GcObj::Userdata(r), u.fin));
            }
        });
    }

    fn gc_sweep(&self) {
        // Tables, closures and upvalues hold only values, handles and `Rc`s of
        // prototypes: dropping them runs no foreign code, so they go in place. Userdata
        // payloads and threads are dropped here, outside every arena access.
        let mut freed = self.tables.sweep_in_place(Table::bytes);
        freed += self.functions.sweep_in_place(FunctionObj::bytes);
        freed += self
            .upvals
            .sweep_in_place(|_| size_of::<UpvalState<Heap>>());
        freed += self
            .userdata
            .sweep()
            .iter()
            .map(userdata_bytes)
            .sum::<usize>();
        freed += self.threads.sweep().len() * THREAD_BYTES;
        self.bytes.set(self.bytes.get().wrapping_sub(freed));
        let dead = self.strings.sweep();
        let gone: usize = dead.iter().map(|s| s.len() + STRING_OVERHEAD).sum();
        self.interned
            .with_mut(|m| luatb::vm::gc::strings::forget_dead(m, &dead));
        self.string_bytes.set(self.string_bytes.get() - gone);
    }
}
