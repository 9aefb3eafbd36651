//! The committed heap: every object, as of the last commit. Only allocation and
//! [`crate::HeapTransaction::commit`] change it; every other write waits in the transaction.

use crate::handles::{FunctionRef, StrRef, TableRef, ThreadRef, UpvalRef, UserdataRef};
use crate::transaction::Slot;
use crate::windows::WindowSet;
use crate::Heap;
use luatb::function::{FunctionObj, UpvalState};
use luatb::table::Table;
use luatb::value::Value;
use luatb::vm::gc::slab::Slab;
use luatb::vm::gc::strings::Strings;
use luatb::vm::ThreadState;
use std::any::Any;
use std::mem::size_of;

type V = Value<Heap>;

pub(crate) struct UserdataObj {
    pub data: Box<dyn Any>,
    pub meta: Option<TableRef>,
    /// Finalization number (see `luatb::vm::gc::finalizer_seq`).
    pub fin: u32,
}

impl UserdataObj {
    pub(crate) fn bytes(&self) -> usize {
        size_of::<Self>() + size_of_val(&*self.data)
    }
}

/// A thread: its heap-side stack (what open upvalues address), and, while it is not
/// running, its parked register windows and the VM's state for it.
#[derive(Default)]
pub(crate) struct ThreadObj {
    pub stack: Vec<V>,
    pub windows: WindowSet,
    pub state: ThreadState<Heap>,
}

/// Arenas of every object kind, indexed by the handles.
pub struct CommittedHeap {
    pub(crate) strings: Strings,
    pub(crate) tables: Slab<Table<Heap>>,
    pub(crate) functions: Slab<FunctionObj<Heap>>,
    pub(crate) upvals: Slab<UpvalState<Heap>>,
    pub(crate) userdata: Slab<UserdataObj>,
    pub(crate) threads: Slab<ThreadObj>,
    pub(crate) main: ThreadRef,
    /// Running estimate of the bytes held by every arena but the interner.
    pub(crate) bytes: usize,
}

impl Default for CommittedHeap {
    fn default() -> Self {
        Self::new()
    }
}

/// An optional table, as a transaction carries it: a table value or nil.
#[inline]
pub(crate) fn as_table(v: V) -> Option<TableRef> {
    match v {
        Value::Table(t) => Some(t),
        _ => None,
    }
}

impl CommittedHeap {
    /// An empty heap holding only the main thread.
    pub fn new() -> Self {
        let mut threads = Slab::default();
        let main = ThreadRef(threads.insert(ThreadObj::default()));
        CommittedHeap {
            strings: Strings::default(),
            tables: Slab::default(),
            functions: Slab::default(),
            upvals: Slab::default(),
            userdata: Slab::default(),
            threads,
            main,
            bytes: size_of::<ThreadObj>(),
        }
    }

    pub fn intern(&mut self, bytes: &[u8]) -> StrRef {
        StrRef(self.strings.intern(bytes))
    }

    pub fn alloc_table(&mut self, narr: usize, nhash: usize) -> TableRef {
        let t = Table::new(narr, nhash);
        self.bytes += t.bytes();
        TableRef(self.tables.insert(t))
    }

    pub fn alloc_function(&mut self, f: FunctionObj<Heap>) -> FunctionRef {
        self.bytes += f.bytes();
        FunctionRef(self.functions.insert(f))
    }

    pub fn alloc_upval(&mut self, state: UpvalState<Heap>) -> UpvalRef {
        self.bytes += size_of::<UpvalState<Heap>>();
        UpvalRef(self.upvals.insert(state))
    }

    pub(crate) fn alloc_userdata(&mut self, data: Box<dyn Any>) -> UserdataRef {
        let u = UserdataObj {
            data,
            meta: None,
            fin: 0,
        };
        self.bytes += u.bytes();
        UserdataRef(self.userdata.insert(u))
    }

    pub(crate) fn alloc_thread(&mut self) -> ThreadRef {
        self.bytes += size_of::<ThreadObj>();
        ThreadRef(self.threads.insert(ThreadObj::default()))
    }

    // ---- committed reads, for the backend and for tests ----------------------------

    pub fn table(&self, t: TableRef) -> &Table<Heap> {
        self.tables.get(t.0)
    }

    pub fn upval(&self, u: UpvalRef) -> &UpvalState<Heap> {
        self.upvals.get(u.0)
    }

    pub fn native_upvalue(&self, f: FunctionRef, i: usize) -> V {
        match self.functions.get(f.0) {
            FunctionObj::Native(c) => c.upvals[i],
            FunctionObj::Lua(_) => panic!("native_upvalue on a Lua closure"),
        }
    }

    pub fn userdata_metatable(&self, u: UserdataRef) -> Option<TableRef> {
        self.userdata.get(u.0).meta
    }

    /// Slot `slot` of `th`'s heap-side stack; slots never written read as nil.
    pub fn stack_slot(&self, th: ThreadRef, slot: usize) -> V {
        self.threads
            .get(th.0)
            .stack
            .get(slot)
            .copied()
            .unwrap_or(Value::Nil)
    }

    /// Apply one queued write.
    #[inline(always)]
    pub(crate) fn apply(&mut self, s: Slot, v: V) {
        match s {
            Slot::Field(t, k) => {
                let tab = self.tables.get_mut(t.0);
                if tab.replace(k, v) {
                    return;
                }
                let before = tab.bytes();
                tab.set(k, v);
                self.bytes = self.bytes.wrapping_add(tab.bytes()).wrapping_sub(before);
            }
            Slot::Metatable(t) => self.tables.get_mut(t.0).metatable = as_table(v),
            Slot::Upval(u) => *self.upvals.get_mut(u.0) = UpvalState::Closed(v),
            Slot::NativeUpval(f, i) => match self.functions.get_mut(f.0) {
                FunctionObj::Native(c) => c.upvals[i as usize] = v,
                FunctionObj::Lua(_) => panic!("native upvalue write to a Lua closure"),
            },
            Slot::UserdataMeta(u) => self.userdata.get_mut(u.0).meta = as_table(v),
            Slot::Stack(th, slot) => {
                let stack = &mut self.threads.get_mut(th.0).stack;
                let slot = slot as usize;
                if slot >= stack.len() {
                    let cap = stack.capacity();
                    stack.resize(slot + 1, Value::Nil);
                    self.bytes += (stack.capacity() - cap) * size_of::<V>();
                }
                stack[slot] = v;
            }
        }
    }
}
