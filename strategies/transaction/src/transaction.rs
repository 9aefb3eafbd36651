//! The write queue. Every write to an existing heap object is a [`Slot`] and a value,
//! logged in order and applied in that order by [`HeapTransaction::commit`].
//!
//! Reads must see queued writes, so the transaction answers "what is pending for this
//! slot?". A step usually queues one or two writes, so a short log is scanned backwards
//! (no hashing on the common path); past [`SMALL`] entries a hash index of the latest value
//! per slot takes over, so that a native doing 10^5 writes and reads in one step stays
//! O(1) per access.

use crate::committed::CommittedHeap;
use crate::handles::{FunctionRef, TableRef, ThreadRef, UpvalRef, UserdataRef};
use crate::Heap;
use luatb::table::MixHasher;
use luatb::value::{Key, Value};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::mem::size_of;

type V = Value<Heap>;

/// Log length up to which lookups scan instead of hashing.
pub const SMALL: usize = 8;
/// A log or index that grew past this many entries is freed after the commit, so that one
/// burst does not keep its memory (or make every later `clear` walk it).
const KEEP: usize = 1024;

/// A place in the heap that a write can target. Optional tables travel as a table value
/// or nil; an upvalue write closes the cell with the value (an open upvalue's writes go to
/// its thread's stack instead).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Field(TableRef, Key<Heap>),
    Metatable(TableRef),
    Upval(UpvalRef),
    NativeUpval(FunctionRef, u32),
    UserdataMeta(UserdataRef),
    Stack(ThreadRef, u32),
}

#[derive(Default)]
pub struct HeapTransaction {
    log: Vec<(Slot, V)>,
    /// Latest value per slot; filled only while the log is longer than [`SMALL`].
    index: HashMap<Slot, V, BuildHasherDefault<MixHasher>>,
    /// Non-empty commits and writes queued, over the transaction's life.
    pub(crate) commits: u64,
    pub(crate) queued: u64,
}

impl HeapTransaction {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes waiting for the next commit.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.log.len()
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.log.is_empty()
    }

    /// Queue a write; a later write to the same slot wins.
    #[inline(always)]
    pub fn queue(&mut self, s: Slot, v: V) {
        #[cfg(feature = "count")]
        {
            self.queued += 1;
        }
        self.log.push((s, v));
        if self.log.len() > SMALL {
            self.index_latest(s, v);
        }
    }

    /// Keep the index of a long log current (see [`SMALL`]).
    #[cold]
    #[inline(never)]
    fn index_latest(&mut self, s: Slot, v: V) {
        if self.log.len() == SMALL + 1 {
            self.index.extend(self.log.iter().copied());
        } else {
            self.index.insert(s, v);
        }
    }

    pub fn queue_table_set(&mut self, t: TableRef, k: Key<Heap>, v: V) {
        self.queue(Slot::Field(t, k), v)
    }

    pub fn queue_set_metatable(&mut self, t: TableRef, mt: Option<TableRef>) {
        self.queue(Slot::Metatable(t), mt.map_or(Value::Nil, Value::Table))
    }

    /// Set a closed upvalue's cell, or close an open one with `v`.
    pub fn queue_upval_set(&mut self, u: UpvalRef, v: V) {
        self.queue(Slot::Upval(u), v)
    }

    pub fn queue_native_upvalue(&mut self, f: FunctionRef, i: usize, v: V) {
        let i = u32::try_from(i).expect("native upvalue index");
        self.queue(Slot::NativeUpval(f, i), v)
    }

    pub fn queue_userdata_metatable(&mut self, u: UserdataRef, mt: Option<TableRef>) {
        self.queue(Slot::UserdataMeta(u), mt.map_or(Value::Nil, Value::Table))
    }

    pub fn queue_stack_set(&mut self, th: ThreadRef, slot: usize, v: V) {
        let slot = u32::try_from(slot).expect("stack slot");
        self.queue(Slot::Stack(th, slot), v)
    }

    /// The pending value of `s`, if a write to it is queued.
    #[inline]
    pub fn lookup(&self, s: &Slot) -> Option<V> {
        if self.log.len() <= SMALL {
            self.log.iter().rev().find(|(k, _)| k == s).map(|(_, v)| *v)
        } else {
            self.index.get(s).copied()
        }
    }

    /// Whether a field write to `t` may be pending (exact for a short log).
    pub fn touches_table(&self, t: TableRef) -> bool {
        if self.log.len() > SMALL {
            return true;
        }
        self.log
            .iter()
            .any(|(s, _)| matches!(s, Slot::Field(u, _) if *u == t))
    }

    /// Apply every queued write to `heap`, oldest first, and empty the queue. Returns
    /// how many writes were applied.
    pub fn commit(&mut self, heap: &mut CommittedHeap) -> usize {
        let n = self.log.len();
        if n == 0 {
            return 0;
        }
        #[cfg(feature = "count")]
        {
            self.commits += 1;
        }
        if n == 1 {
            // The common step queues one write: no drain iterator to set up and tear down.
            let (s, v) = self.log[0];
            self.log.clear();
            heap.apply(s, v);
            return 1;
        }
        for (s, v) in self.log.drain(..) {
            heap.apply(s, v);
        }
        if n > SMALL {
            if self.index.capacity() > KEEP {
                self.index = HashMap::default();
            } else {
                self.index.clear();
            }
            if self.log.capacity() > KEEP {
                self.log = Vec::new();
            }
        }
        n
    }

    /// Bytes held by the queue and its index.
    pub fn bytes(&self) -> usize {
        let entry = size_of::<(Slot, V)>();
        self.log.capacity() * entry + self.index.capacity() * (entry + 1)
    }
}
