//! The hash part of a table: open addressing with linear probing over a power-of-two
//! slot array. Integer keys go home modulo an odd number, as in Lua, which keeps
//! neighbouring keys in neighbouring slots; other keys by a multiplicative mix instead of
//! SipHash.
//!
//! A slot is in one of four states:
//! - empty: key `Nil`; ends every probe;
//! - live: a key and a non-nil value;
//! - dead: a key whose value was set to nil; it keeps its key so that `next` can resume
//!   from it while a traversal clears fields;
//! - vacant: key `Float(NaN)`, which no lookup can match (NaN is never a key); left where a
//!   field moved to the array part, so that `next` cannot mistake it for a dead field.
//!
//! Dead and vacant slots keep probe chains intact and are reused by insertions of new
//! keys; a rehash drops them. Slots move only when a new key is inserted, which Lua
//! forbids during a traversal, so slot order is a stable traversal order.

use super::Grow;
use crate::error::HeapError;
use crate::heap::HeapBackend;
use crate::value::{Key, Value};
use std::hash::{Hash, Hasher};

/// Golden-ratio multiplier: the top bits of `x * FIB` depend on every bit of `x`.
const FIB: u64 = 0x9e37_79b9_7f4a_7c15;
const MIN_SLOTS: usize = 4;

/// A mixing hasher for small integer handles: one rotate, xor and multiply per word.
#[derive(Default, Clone, Copy)]
pub struct MixHasher(u64);

impl MixHasher {
    #[inline(always)]
    fn mix(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(FIB);
    }
}

impl Hasher for MixHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    /// Eight bytes per step; the last word is padded with zeros.
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.mix(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(last));
        }
    }
    #[inline]
    fn write_u8(&mut self, x: u8) {
        self.mix(x as u64)
    }
    #[inline]
    fn write_u16(&mut self, x: u16) {
        self.mix(x as u64)
    }
    #[inline]
    fn write_u32(&mut self, x: u32) {
        self.mix(x as u64)
    }
    #[inline]
    fn write_u64(&mut self, x: u64) {
        self.mix(x)
    }
    #[inline]
    fn write_usize(&mut self, x: usize) {
        self.mix(x as u64)
    }
}

/// The hash of a key before it is reduced to a slot index.
#[inline(always)]
fn hash_of<B: HeapBackend>(k: &Value<B>) -> u64 {
    match k {
        Value::Int(i) => *i as u64,
        Value::Bool(b) => *b as u64,
        Value::Float(f) => {
            // Float keys differ mostly in their high bits; fold them down.
            let b = f.to_bits();
            b ^ (b >> 29)
        }
        // Field names, the commonest keys after integers: one round for the handle.
        Value::Str(s) => {
            let mut h = MixHasher::default();
            s.hash(&mut h);
            h.finish()
        }
        _ => {
            let mut h = MixHasher::default();
            Key(*k).hash(&mut h);
            h.finish()
        }
    }
}

/// Key equality with the common kinds first; keys are normalised, so `Key`'s rules for
/// the rest reduce to raw equality with floats compared bitwise.
#[inline(always)]
fn same_key<B: HeapBackend>(k: &Value<B>, slot: &Value<B>) -> bool {
    match (k, slot) {
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Str(a), Value::Str(b)) => a == b,
        (Value::Int(_) | Value::Str(_), _) => false,
        (a, b) => Key(*a) == Key(*b),
    }
}

#[inline(always)]
fn vacant<B: HeapBackend>() -> Value<B> {
    Value::Float(f64::NAN)
}

struct Slot<B: HeapBackend> {
    key: Value<B>,
    val: Value<B>,
}

impl<B: HeapBackend> Clone for Slot<B> {
    fn clone(&self) -> Self {
        Slot {
            key: self.key,
            val: self.val,
        }
    }
}

pub(super) struct HashPart<B: HeapBackend> {
    slots: Box<[Slot<B>]>,
    /// `64 - log2(slots.len())`: the top bits of the mixed hash pick the home slot.
    shift: u32,
    /// Slots that are not empty (live, dead or vacant).
    used: u32,
    live: u32,
    /// Slots (live or dead) whose key is an integer: zero lets the array part skip
    /// looking for integer keys to pull in.
    pub(super) int_slots: u32,
}

impl<B: HeapBackend> HashPart<B> {
    pub(super) fn with_capacity(n: usize) -> Self {
        let mut h = HashPart {
            slots: Box::new([]),
            shift: 64,
            used: 0,
            live: 0,
            int_slots: 0,
        };
        if n > 0 {
            h.alloc(slots_for(n));
        }
        h
    }

    fn alloc(&mut self, n: usize) {
        self.slots = vec![
            Slot {
                key: Value::Nil,
                val: Value::Nil
            };
            n
        ]
        .into_boxed_slice();
        self.shift = 64 - n.trailing_zeros();
        self.used = 0;
        self.live = 0;
        self.int_slots = 0;
    }

    /// Live entries.
    pub(super) fn len(&self) -> usize {
        self.live as usize
    }
    pub(super) fn bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot<B>>()
    }

    #[inline(always)]
    fn home(&self, k: &Value<B>) -> usize {
        match *k {
            // Integer keys as Lua places them: modulo an odd number just under the size,
            // so that neighbouring keys get neighbouring slots (a loop over them stays in
            // cache) while power-of-two strides still spread.
            Value::Int(i) => {
                let m = (self.slots.len() - 1) | 1;
                match u32::try_from(i) {
                    Ok(small) => (small % m as u32) as usize,
                    Err(_) => (i as u64 % m as u64) as usize,
                }
            }
            _ => (hash_of(k).wrapping_mul(FIB) >> self.shift) as usize,
        }
    }

    /// The slot holding key `k` (live or dead).
    #[inline(always)]
    fn locate(&self, k: &Value<B>) -> Option<usize> {
        if self.used == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(k);
        loop {
            let s = &self.slots[i];
            if s.key.is_nil() {
                return None;
            }
            if same_key(k, &s.key) {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    pub(super) fn get(&self, k: &Value<B>) -> Value<B> {
        match self.locate(k) {
            Some(i) => self.slots[i].val,
            None => Value::Nil,
        }
    }

    /// Replace the value of `k` if it is live and `v` is not nil: an assignment to an
    /// existing field, which changes neither the counts nor the probe chains. Returns
    /// whether it did.
    #[inline(always)]
    pub(super) fn replace_live(&mut self, k: &Value<B>, v: Value<B>) -> bool {
        if v.is_nil() {
            return false;
        }
        match self.locate(k) {
            Some(i) if !self.slots[i].val.is_nil() => {
                self.slots[i].val = v;
                true
            }
            _ => false,
        }
    }

    /// Whether `k` has a slot (live or dead): `next` may resume from it.
    pub(super) fn position(&self, k: &Value<B>) -> Option<usize> {
        self.locate(k)
    }

    /// `k = v`; nil removes the field and leaves its key behind.
    #[inline]
    pub(super) fn set(
        &mut self,
        k: Value<B>,
        v: Value<B>,
        grow: impl Grow,
    ) -> Result<(), HeapError> {
        if self.slots.is_empty() {
            if !v.is_nil() {
                self.grow_and_put(k, v, grow)?;
            }
            return Ok(());
        }
        // One probe finds either the key or the end of its chain, noting on the way
        // the first slot a new key could take over.
        let mask = self.slots.len() - 1;
        let mut i = self.home(&k);
        let mut free = usize::MAX;
        loop {
            let s = &mut self.slots[i];
            if s.key.is_nil() {
                break;
            }
            if same_key(&k, &s.key) {
                let was_live = !s.val.is_nil();
                s.val = v;
                match (was_live, v.is_nil()) {
                    (false, false) => self.live += 1,
                    (true, true) => self.live -= 1,
                    _ => {}
                }
                return Ok(());
            }
            if free == usize::MAX && s.val.is_nil() {
                free = i;
            }
            i = (i + 1) & mask;
        }
        if v.is_nil() {
            return Ok(());
        }
        if free != usize::MAX {
            // Taking over a dead or vacant slot leaves the load unchanged.
            if let Value::Int(_) = self.slots[free].key {
                self.int_slots -= 1;
            }
            self.put(free, k, v);
        } else if self.full() {
            // Keep a quarter of the slots empty so that probes stay short and end.
            return self.grow_and_put(k, v, grow);
        } else {
            self.used += 1;
            self.put(i, k, v);
        }
        Ok(())
    }

    /// One more used slot would break the load limit.
    #[inline(always)]
    fn full(&self) -> bool {
        (self.used as usize + 1) * 4 > self.slots.len() * 3
    }

    /// Bytes that inserting `k` would add (0 when it is present or finds a slot).
    pub(super) fn growth(&self, k: &Value<B>) -> usize {
        if !self.slots.is_empty() {
            let mask = self.slots.len() - 1;
            let mut i = self.home(k);
            loop {
                let s = &self.slots[i];
                if s.key.is_nil() {
                    break;
                }
                if s.val.is_nil() || same_key(k, &s.key) {
                    return 0;
                }
                i = (i + 1) & mask;
            }
            if !self.full() {
                return 0;
            }
        }
        self.rehash_growth()
    }

    fn rehash_growth(&self) -> usize {
        let slots = slots_for(self.live as usize + 1);
        slots.saturating_sub(self.slots.len()) * std::mem::size_of::<Slot<B>>()
    }

    #[inline(always)]
    fn put(&mut self, i: usize, k: Value<B>, v: Value<B>) {
        if let Value::Int(_) = k {
            self.int_slots += 1;
        }
        self.live += 1;
        self.slots[i] = Slot { key: k, val: v };
    }

    #[cold]
    fn grow_and_put(
        &mut self,
        k: Value<B>,
        v: Value<B>,
        mut grow: impl Grow,
    ) -> Result<(), HeapError> {
        let extra = self.rehash_growth();
        if extra > 0 {
            grow.grow(extra)?;
        }
        self.rehash(self.live as usize + 1);
        self.put_fresh(k, v);
        Ok(())
    }

    /// Insert a key known to be absent into a table without dead or vacant slots.
    #[inline]
    fn put_fresh(&mut self, k: Value<B>, v: Value<B>) {
        let mask = self.slots.len() - 1;
        let mut i = self.home(&k);
        while !self.slots[i].key.is_nil() {
            i = (i + 1) & mask;
        }
        self.used += 1;
        self.put(i, k, v);
    }

    /// Rebuild with room for `need` live entries, dropping dead and vacant slots.
    fn rehash(&mut self, need: usize) {
        let old = std::mem::take(&mut self.slots);
        self.alloc(slots_for(need));
        for s in old.iter().filter(|s| !s.val.is_nil()) {
            self.put_fresh(s.key, s.val);
        }
    }

    /// Take out every live integer key in `1..=max` (they are moving to the array part),
    /// rebuilding the rest without dead slots, so no slot keeps one of those keys.
    pub(super) fn drain_ints(&mut self, max: i64) -> Vec<(i64, Value<B>)> {
        let moving = |k: &Value<B>| matches!(*k, Value::Int(i) if (1..=max).contains(&i));
        let old = std::mem::take(&mut self.slots);
        let stay = old
            .iter()
            .filter(|s| !s.val.is_nil() && !moving(&s.key))
            .count();
        self.alloc(slots_for(stay + 1));
        let mut out = Vec::new();
        for s in old.iter().filter(|s| !s.val.is_nil()) {
            match s.key {
                Value::Int(i) if moving(&s.key) => out.push((i, s.val)),
                _ => self.put_fresh(s.key, s.val),
            }
        }
        out
    }

    /// Remove integer key `i` for good, returning its value if it was live: the field
    /// is moving to the array part, and no slot may keep its key.
    pub(super) fn take_int(&mut self, i: i64) -> Option<Value<B>> {
        let at = self.locate(&Value::Int(i))?;
        let s = &mut self.slots[at];
        let v = std::mem::replace(&mut s.val, Value::Nil);
        s.key = vacant();
        self.int_slots -= 1;
        if v.is_nil() {
            None
        } else {
            self.live -= 1;
            Some(v)
        }
    }

    /// The first live field at or after slot `from`.
    #[inline]
    pub(super) fn next_from(&self, from: usize) -> Option<super::Field<B>> {
        self.slots
            .get(from..)?
            .iter()
            .find(|s| !s.val.is_nil())
            .map(|s| (s.key, s.val))
    }

    pub(super) fn for_each(&self, mut f: impl FnMut(Value<B>, Value<B>)) {
        for s in self.slots.iter().filter(|s| !s.val.is_nil()) {
            f(s.key, s.val);
        }
    }
}

/// The slot count that holds `n` entries under the load limit.
fn slots_for(n: usize) -> usize {
    (n * 4 / 3 + 1).next_power_of_two().max(MIN_SLOTS)
}
