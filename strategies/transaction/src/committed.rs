//! The committed heap: every object, as of the last commit. Only allocation and
//! [`crate::HeapTransaction::commit`] change it; every other write waits in the transaction.

use crate::handles::{FunctionRef, StrRef, TableRef, ThreadRef, UpvalRef, UserdataRef};
use crate::transaction::Slot;
use crate::windows::WindowSet;
use crate::Heap;
use luatb::function::{FunctionObj, UpvalState};
use luatb::interner::Interner;
use luatb::table::Table;
use luatb::value::Value;
use luatb::vm::ThreadState;
use std::any::Any;
use std::mem::size_of;

type V = Value<Heap>;

pub(crate) struct UserdataObj {
    pub data: Box<dyn Any>,
    pub meta: Option<TableRef>,
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
    pub(crate) strings: Interner,
    pub(crate) tables: Vec<Table<Heap>>,
    pub(crate) functions: Vec<FunctionObj<Heap>>,
    pub(crate) upvals: Vec<UpvalState<Heap>>,
    pub(crate) userdata: Vec<UserdataObj>,
    pub(crate) threads: Vec<ThreadObj>,
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
        CommittedHeap {
            strings: Interner::default(),
            tables: Vec::new(),
            functions: Vec::new(),
            upvals: Vec::new(),
            userdata: Vec::new(),
            threads: vec![ThreadObj::default()],
            bytes: size_of::<ThreadObj>(),
        }
    }

    pub fn intern(&mut self, bytes: &[u8]) -> StrRef {
        StrRef(self.strings.intern(bytes))
    }

    pub fn alloc_table(&mut self, narr: usize, nhash: usize) -> TableRef {
        let t = Table::new(narr, nhash);
        self.bytes += t.bytes();
        self.tables.push(t);
        TableRef::new(self.tables.len() - 1)
    }

    pub fn alloc_function(&mut self, f: FunctionObj<Heap>) -> FunctionRef {
        let extra = match &f {
            FunctionObj::Lua(c) => c.upvals.len() * size_of::<UpvalRef>(),
            FunctionObj::Native(c) => c.upvals.len() * size_of::<V>(),
        };
        self.bytes += size_of::<FunctionObj<Heap>>() + extra;
        self.functions.push(f);
        FunctionRef::new(self.functions.len() - 1)
    }

    pub fn alloc_upval(&mut self, state: UpvalState<Heap>) -> UpvalRef {
        self.bytes += size_of::<UpvalState<Heap>>();
        self.upvals.push(state);
        UpvalRef::new(self.upvals.len() - 1)
    }

    pub(crate) fn alloc_userdata(&mut self, data: Box<dyn Any>) -> UserdataRef {
        self.bytes += size_of::<UserdataObj>() + size_of_val(&*data);
        self.userdata.push(UserdataObj { data, meta: None });
        UserdataRef::new(self.userdata.len() - 1)
    }

    pub(crate) fn alloc_thread(&mut self) -> ThreadRef {
        self.bytes += size_of::<ThreadObj>();
        self.threads.push(ThreadObj::default());
        ThreadRef::new(self.threads.len() - 1)
    }

    // ---- committed reads, for the backend and for tests ----------------------------

    pub fn table(&self, t: TableRef) -> &Table<Heap> {
        &self.tables[t.at()]
    }

    pub fn upval(&self, u: UpvalRef) -> &UpvalState<Heap> {
        &self.upvals[u.at()]
    }

    pub fn native_upvalue(&self, f: FunctionRef, i: usize) -> V {
        match &self.functions[f.at()] {
            FunctionObj::Native(c) => c.upvals[i],
            FunctionObj::Lua(_) => panic!("native_upvalue on a Lua closure"),
        }
    }

    pub fn userdata_metatable(&self, u: UserdataRef) -> Option<TableRef> {
        self.userdata[u.at()].meta
    }

    /// Slot `slot` of `th`'s heap-side stack; slots never written read as nil.
    pub fn stack_slot(&self, th: ThreadRef, slot: usize) -> V {
        self.threads[th.at()]
            .stack
            .get(slot)
            .copied()
            .unwrap_or(Value::Nil)
    }

    /// Apply one queued write.
    pub(crate) fn apply(&mut self, s: Slot, v: V) {
        match s {
            Slot::Field(t, k) => {
                let tab = &mut self.tables[t.at()];
                let before = tab.bytes();
                tab.set(k, v);
                self.bytes = self.bytes.wrapping_add(tab.bytes()).wrapping_sub(before);
            }
            Slot::Metatable(t) => self.tables[t.at()].metatable = as_table(v),
            Slot::Upval(u) => self.upvals[u.at()] = UpvalState::Closed(v),
            Slot::NativeUpval(f, i) => match &mut self.functions[f.at()] {
                FunctionObj::Native(c) => c.upvals[i as usize] = v,
                FunctionObj::Lua(_) => panic!("native upvalue write to a Lua closure"),
            },
            Slot::UserdataMeta(u) => self.userdata[u.at()].meta = as_table(v),
            Slot::Stack(th, slot) => {
                let stack = &mut self.threads[th.at()].stack;
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
