//! An arena that frees: slots are reused through a free list, and each slot carries a
//! generation bumped when its object is freed, so a handle kept past the free (a stale
//! handle) no longer matches and is refused with a panic instead of reaching whatever
//! object took the slot.

/// A handle's parts: slot index and the generation it was issued under.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Id {
    pub idx: u32,
    pub gen: u32,
}

struct Entry<T> {
    gen: u32,
    marked: bool,
    val: Option<T>,
}

pub struct Slab<T> {
    items: Vec<Entry<T>>,
    free: Vec<u32>,
    live: usize,
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Slab {
            items: Vec::new(),
            free: Vec::new(),
            live: 0,
        }
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn stale(id: Id) -> ! {
    panic!("stale or foreign heap handle {id:?}: its object was freed")
}

impl<T> Slab<T> {
    pub fn insert(&mut self, v: T) -> Id {
        self.live += 1;
        if let Some(idx) = self.free.pop() {
            let e = &mut self.items[idx as usize];
            e.val = Some(v);
            return Id { idx, gen: e.gen };
        }
        let idx = u32::try_from(self.items.len()).expect("arena index overflow");
        self.items.push(Entry {
            gen: 0,
            marked: false,
            val: Some(v),
        });
        Id { idx, gen: 0 }
    }

    #[inline(always)]
    #[track_caller]
    pub fn get(&self, id: Id) -> &T {
        match self.items.get(id.idx as usize) {
            Some(Entry {
                gen, val: Some(v), ..
            }) if *gen == id.gen => v,
            _ => stale(id),
        }
    }

    #[inline(always)]
    #[track_caller]
    pub fn get_mut(&mut self, id: Id) -> &mut T {
        match self.items.get_mut(id.idx as usize) {
            Some(Entry {
                gen, val: Some(v), ..
            }) if *gen == id.gen => v,
            _ => stale(id),
        }
    }

    /// Whether `id` still names a live object.
    pub fn contains(&self, id: Id) -> bool {
        matches!(self.items.get(id.idx as usize), Some(e) if e.gen == id.gen && e.val.is_some())
    }

    /// Set the mark; true when it was clear.
    #[inline]
    pub fn mark(&mut self, id: Id) -> bool {
        let e = &mut self.items[id.idx as usize];
        if e.gen != id.gen || e.val.is_none() {
            stale(id)
        }
        !std::mem::replace(&mut e.marked, true)
    }

    #[inline]
    pub fn is_marked(&self, id: Id) -> bool {
        let e = &self.items[id.idx as usize];
        e.gen != id.gen || e.marked
    }

    /// Free every unmarked object, handing it over to `freed`; clear the marks.
    pub fn sweep(&mut self, mut freed: impl FnMut(Id, T)) {
        for (i, e) in self.items.iter_mut().enumerate() {
            if e.marked {
                e.marked = false;
            } else if let Some(v) = e.val.take() {
                let id = Id {
                    idx: i as u32,
                    gen: e.gen,
                };
                freed(id, v);
                e.gen = e.gen.wrapping_add(1);
                self.free.push(i as u32);
                self.live -= 1;
            }
        }
    }

    /// Every live object with its id and mark.
    pub fn iter(&self) -> impl Iterator<Item = (Id, bool, &T)> {
        self.items.iter().enumerate().filter_map(|(i, e)| {
            e.val.as_ref().map(|v| {
                let id = Id {
                    idx: i as u32,
                    gen: e.gen,
                };
                (id, e.marked, v)
            })
        })
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_freed_slot_is_reused_and_the_old_handle_refused() {
        let mut s = Slab::default();
        let a = s.insert(1);
        let b = s.insert(2);
        assert!(s.mark(b));
        let mut freed = Vec::new();
        s.sweep(|id, v| freed.push((id, v)));
        assert_eq!(freed, vec![(a, 1)]);
        let c = s.insert(3);
        assert_eq!(c.idx, a.idx);
        assert_ne!(c, a);
        assert_eq!(*s.get(c), 3);
        assert!(!s.contains(a));
        let r = std::panic::catch_unwind(|| *s.get(a));
        assert!(r.is_err());
    }
}
