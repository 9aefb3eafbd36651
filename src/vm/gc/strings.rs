//! An intern table whose strings can be freed: the index does not keep a string alive,
//! the sweep removes dead strings from it.

use super::slab::{Id, Slab};
use crate::interner::BytesBuild;
use crate::table::MixHasher;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::rc::Rc;

/// Take swept strings out of an intern index. A few go by hashed lookups. Many go in one
/// pass over the index, matched by address: after a collection that freed much, the
/// lookups missed the cache on nearly every probe (two thirds of the sweep's time in a
/// program that builds long strings), where the pass reads the index in order.
pub fn forget_dead<V>(index: &mut HashMap<Rc<[u8]>, V, BytesBuild>, dead: &[Rc<[u8]>]) {
    if dead.len() * 8 < index.len() {
        for s in dead {
            index.remove(s);
        }
    } else {
        // The index holds a clone of each dead string's `Rc`, so the allocations, and
        // with them the addresses, are still unique here.
        let gone: HashSet<*const u8, BuildHasherDefault<MixHasher>> =
            dead.iter().map(|s| s.as_ptr()).collect();
        index.retain(|s, _| !gone.contains(&s.as_ptr()));
    }
}

#[derive(Default)]
pub struct Strings {
    slab: Slab<Rc<[u8]>>,
    /// The key shares its allocation with the slab's copy.
    index: HashMap<Rc<[u8]>, Id, BytesBuild>,
    bytes: usize,
}

/// Accounted cost of one string beyond its bytes (slot, index entry, `Rc` header).
const OVERHEAD: usize = 48;

impl Strings {
    pub fn intern(&mut self, s: &[u8]) -> Id {
        if let Some(&id) = self.index.get(s) {
            return id;
        }
        self.insert(s)
    }

    /// [`Strings::intern`], telling `budget` when a new string is made.
    #[inline]
    pub fn intern_in(&mut self, s: &[u8], budget: &super::budget::Budget) -> Id {
        if let Some(&id) = self.index.get(s) {
            return id;
        }
        budget.alloc();
        self.insert(s)
    }

    fn insert(&mut self, s: &[u8]) -> Id {
        let owned: Rc<[u8]> = Rc::from(s);
        let id = self.slab.insert(owned.clone());
        self.index.insert(owned, id);
        self.bytes += s.len() + OVERHEAD;
        id
    }

    #[inline(always)]
    pub fn get(&self, id: Id) -> &[u8] {
        self.slab.get(id)
    }

    /// A counted reference to the bytes, for lending them out of a borrowed arena.
    pub fn shared(&self, id: Id) -> Rc<[u8]> {
        self.slab.get(id).clone()
    }

    pub fn mark(&mut self, id: Id) -> bool {
        self.slab.mark(id)
    }

    pub fn is_marked(&self, id: Id) -> bool {
        self.slab.is_marked(id)
    }

    pub fn sweep(&mut self) {
        let mut dead = Vec::new();
        self.slab.sweep(|_, s| dead.push(s));
        self.bytes -= dead.iter().map(|s| s.len() + OVERHEAD).sum::<usize>();
        forget_dead(&mut self.index, &dead);
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn len(&self) -> usize {
        self.slab.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slab.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both ways of forgetting (a few dead strings, and most of them) leave the index
    /// holding exactly the live strings under their old ids.
    #[test]
    fn sweep_forgets_exactly_the_dead() {
        for dead_every in [50, 2] {
            let mut s = Strings::default();
            let names: Vec<String> = (0..1000).map(|i| format!("string number {i}")).collect();
            let ids: Vec<Id> = names.iter().map(|n| s.intern(n.as_bytes())).collect();
            for (i, id) in ids.iter().enumerate() {
                if i % dead_every != 0 {
                    s.mark(*id);
                }
            }
            s.sweep();
            let dead = names.len().div_ceil(dead_every);
            assert_eq!(s.index.len(), names.len() - dead);
            assert_eq!(s.len(), names.len() - dead);
            for (i, n) in names.iter().enumerate() {
                if i % dead_every != 0 {
                    assert_eq!(s.intern(n.as_bytes()), ids[i], "live string {i} moved");
                }
            }
            // A dead string interned again is a new string, and is found afterwards.
            let again = s.intern(names[0].as_bytes());
            assert_eq!(s.get(again), names[0].as_bytes());
            assert_eq!(s.intern(names[0].as_bytes()), again);
        }
    }
}
