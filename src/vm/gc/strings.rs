//! An intern table whose strings can be freed: the index does not keep a string alive,
//! the sweep removes dead strings from it.

use super::slab::{Id, Slab};
use crate::interner::BytesBuild;
use std::collections::HashMap;
use std::rc::Rc;

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
        let index = &mut self.index;
        let bytes = &mut self.bytes;
        self.slab.sweep(|_, s| {
            index.remove(&s);
            *bytes -= s.len() + OVERHEAD;
        });
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
