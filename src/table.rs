//! The Lua table every backend stores: an array part for the keys `1..=n` and a hash part
//! ([`hash`]) for the rest.
//!
//! Invariants that make `#` constant-time and `next` safe while fields are cleared:
//! 1. the array part is empty or ends in a non-nil value (clearing the last element
//!    trims the trailing nils);
//! 2. the hash part holds no live integer key in `1..=max(n + 1, limit)`, where `n` is the
//!    array length and `limit` the constructor's array hint: appending `t[n + 1]` pulls the
//!    following integer keys out of the hash part;
//! 3. the hash part holds no slot at all (live or dead) for a key in `1..=n + 1`, nor
//!    for a key in `1..=limit`.
//!
//! By 1 and 2 the array length is always a border, so `length` is the array length. It
//! is the only border when the table is a proper sequence, which is when Lua's `#` is
//! defined. By 3 a key found in the hash part by `next` was returned from the hash part.

mod hash;

pub use hash::MixHasher;

use crate::error::HeapError;
use crate::heap::HeapBackend;
use crate::value::{Key, Value};
use hash::HashPart;

/// A key and its value, as `next` returns them.
pub type Field<B> = (Value<B>, Value<B>);

/// Records whether `#` was taken of a table with more than one border, where the manual
/// lets any border be the answer and two correct implementations may disagree. The
/// differential fuzz target enables it to tell an unspecified result from a wrong one.
#[cfg(feature = "border-audit")]
pub mod border_audit {
    use std::cell::Cell;

    thread_local! {
        static NON_SEQUENCE: Cell<bool> = const { Cell::new(false) };
    }

    pub(super) fn note() {
        NON_SEQUENCE.with(|c| c.set(true));
    }

    /// Whether a length was taken of a non-sequence since the last call; clears the record.
    pub fn take() -> bool {
        NON_SEQUENCE.with(|c| c.replace(false))
    }
}

/// The array part never grows past 2^26 slots by [`Table::widen_array`] (as `MAXABITS`
/// bounds Lua's); larger sequences still grow by appending.
const MAX_ARRAY_BITS: usize = 26;

/// Asked before a table takes more memory, with the bytes it would add. An error refuses
/// the growth, and the store that needed it fails with the table as it was.
pub trait Grow {
    fn grow(&mut self, extra: usize) -> Result<(), HeapError>;
}

impl<F: FnMut(usize) -> Result<(), HeapError>> Grow for F {
    #[inline(always)]
    fn grow(&mut self, extra: usize) -> Result<(), HeapError> {
        self(extra)
    }
}

/// Growth without a limit, for the infallible stores.
#[inline(always)]
fn unlimited(_: usize) -> Result<(), HeapError> {
    Ok(())
}

pub struct Table<B: HeapBackend> {
    arr: Vec<Value<B>>,
    hash: HashPart<B>,
    /// Integer keys up to this go to the array part even past a gap, filling with nils,
    /// so that a constructor such as `{1, nil, 3}` keeps its shape.
    limit: u32,
    /// The longest the array part has been: `next` resumes after a key below it that
    /// was trimmed away by clearing the end of the array during the traversal.
    high: u32,
    pub metatable: Option<B::Table>,
    /// Nonzero once a metatable with `__gc` was set: the object is to be finalized, and
    /// finalizers run in decreasing order of this number (newest registration first).
    pub fin_seq: u32,
    /// Reserved for the VM's cache of absent metamethods; cleared by every store that
    /// adds or removes a string key (replacing a live value changes no key's presence).
    pub flags: u8,
}

impl<B: HeapBackend> Default for Table<B> {
    fn default() -> Self {
        Self::new(0, 0)
    }
}

impl<B: HeapBackend> Table<B> {
    /// A table with room for `narr` array items and `nhash` other fields.
    pub fn new(narr: usize, nhash: usize) -> Self {
        Table {
            arr: Vec::with_capacity(narr),
            hash: HashPart::with_capacity(nhash),
            limit: clamp_u32(narr),
            high: 0,
            metatable: None,
            fin_seq: 0,
            flags: 0,
        }
    }

    #[inline]
    pub fn invalidate_flags(&mut self) {
        self.flags = 0;
    }

    #[inline]
    pub fn get(&self, k: Key<B>) -> Value<B> {
        match k.0 {
            Value::Int(i) => self.get_int(i),
            Value::Str(s) => self.get_str(s),
            other => self.hash.get(&other),
        }
    }

    #[inline(always)]
    pub fn get_int(&self, k: i64) -> Value<B> {
        // One unsigned compare covers both k < 1 and k > n.
        let i = (k as u64).wrapping_sub(1);
        if i < self.arr.len() as u64 {
            self.arr[i as usize]
        } else {
            self.hash.get(&Value::Int(k))
        }
    }

    #[inline(always)]
    pub fn get_str(&self, s: B::Str) -> Value<B> {
        self.hash.get(&Value::Str(s))
    }

    #[inline]
    pub fn set(&mut self, k: Key<B>, v: Value<B>) {
        let _ = self.try_set(k, v, unlimited);
    }

    #[inline(always)]
    pub fn set_int(&mut self, k: i64, v: Value<B>) {
        let _ = self.try_set_int(k, v, unlimited);
    }

    #[inline]
    pub fn set_str(&mut self, s: B::Str, v: Value<B>) {
        let _ = self.try_set_str(s, v, unlimited);
    }

    /// `t[k] = v`, asking `grow` (see [`Grow`]) before the table takes more memory.
    #[inline]
    pub fn try_set(&mut self, k: Key<B>, v: Value<B>, grow: impl Grow) -> Result<(), HeapError> {
        match k.0 {
            Value::Int(i) => self.try_set_int(i, v, grow),
            Value::Str(s) => self.try_set_str(s, v, grow),
            other => self.hash.set(other, v, grow),
        }
    }

    #[inline(always)]
    pub fn try_set_int(&mut self, k: i64, v: Value<B>, grow: impl Grow) -> Result<(), HeapError> {
        let i = (k as u64).wrapping_sub(1);
        let n = self.arr.len();
        if i < n as u64 {
            self.arr[i as usize] = v;
            if v.is_nil() && i as usize + 1 == n {
                self.trim();
            }
            Ok(())
        } else {
            self.set_int_outside(k, v, grow)
        }
    }

    #[inline]
    pub fn try_set_str(
        &mut self,
        s: B::Str,
        v: Value<B>,
        grow: impl Grow,
    ) -> Result<(), HeapError> {
        if self.replace_str(s, v) {
            return Ok(());
        }
        self.invalidate_flags();
        self.hash.set(Value::Str(s), v, grow)
    }

    /// `t[k] = v` where that changes neither the table's size nor its shape (an array
    /// item that stays, or a live field given a non-nil value); returns whether it did.
    /// A backend that applies stores later (the transaction backend's commit) then
    /// needs no size accounting.
    #[inline(always)]
    pub fn replace(&mut self, k: Key<B>, v: Value<B>) -> bool {
        match k.0 {
            Value::Int(n) => {
                let i = (n as u64).wrapping_sub(1);
                let len = self.arr.len() as u64;
                if i < len && (!v.is_nil() || i + 1 < len) {
                    self.arr[i as usize] = v;
                    true
                } else {
                    self.hash.replace_live(&k.0, v)
                }
            }
            other => self.hash.replace_live(&other, v),
        }
    }

    /// `t[k] = v` if `t[k]` holds a non-nil value and `v` is not nil, returning whether it
    /// did: Lua's `luaV_fastseti`, a store that changes neither the size nor the shape.
    #[inline(always)]
    pub fn replace_int(&mut self, k: i64, v: Value<B>) -> bool {
        if v.is_nil() {
            return false;
        }
        let i = (k as u64).wrapping_sub(1);
        if i < self.arr.len() as u64 {
            let slot = &mut self.arr[i as usize];
            if slot.is_nil() {
                return false;
            }
            *slot = v;
            true
        } else {
            self.hash.replace_live(&Value::Int(k), v)
        }
    }

    /// `t[s] = v` if `s` is a live field and `v` is not nil, returning whether it was:
    /// a store that cannot change the table's size or shape.
    #[inline(always)]
    pub fn replace_str(&mut self, s: B::Str, v: Value<B>) -> bool {
        self.hash.replace_live(&Value::Str(s), v)
    }

    /// `t[k] = v` for a key past the array part.
    fn set_int_outside(
        &mut self,
        k: i64,
        v: Value<B>,
        mut grow: impl Grow,
    ) -> Result<(), HeapError> {
        let n = self.arr.len();
        let appends = k >= 1 && (k as u64 == n as u64 + 1 || k as u64 <= self.limit as u64);
        if !appends {
            // PUC Lua resizes when a new key finds its hash part full, which (sized in
            // powers of two, filled to the last slot) is when the live count is 0 or a
            // power of two: reconsider the array part at those same points.
            let live = self.hash.len();
            if !v.is_nil()
                && (live == 0 || live.is_power_of_two())
                && self.hash.get(&Value::Int(k)).is_nil()
                && self.widen_array(k, &mut grow)?
            {
                // The array part grew past other keys; `k` may now belong to it.
                return self.try_set_int(k, v, grow);
            }
            self.hash.set(Value::Int(k), v, grow)
        } else {
            if !v.is_nil() {
                // By invariants 2 and 3 the hash part has no slot for `k`.
                if k as usize > self.arr.capacity() {
                    self.reserve_for(k as usize, grow)?;
                }
                if k as usize > n + 1 {
                    self.arr.resize(k as usize - 1, Value::Nil);
                }
                self.arr.push(v);
                self.absorb();
            }
            // A nil stored at an appending position is a nil stored into an absent field.
            Ok(())
        }
    }

    /// Make room for `len` array items, doubling as `Vec` would, once `grow` agrees.
    #[cold]
    #[inline(never)]
    fn reserve_for(&mut self, len: usize, mut grow: impl Grow) -> Result<(), HeapError> {
        let cap = self.arr.capacity();
        let want = len.max(cap * 2).max(4);
        grow.grow((want - cap) * std::mem::size_of::<Value<B>>())?;
        self.arr.reserve_exact(want - self.arr.len());
        Ok(())
    }

    /// Bytes that `t[k] = v` would add to the table (0: it fits as it is), ignoring the
    /// rare widening of the array part. For a backend that must decide before it
    /// applies the store (the transaction backend queues its writes).
    pub fn growth(&self, k: Key<B>, v: Value<B>) -> usize {
        if v.is_nil() {
            return 0;
        }
        if let Value::Int(i) = k.0 {
            let n = self.arr.len();
            if (i as u64).wrapping_sub(1) < n as u64 {
                return 0;
            }
            if i >= 1 && (i as u64 == n as u64 + 1 || i as u64 <= self.limit as u64) {
                let (len, cap) = (i as usize, self.arr.capacity());
                return if len > cap {
                    (len.max(cap * 2).max(4) - cap) * std::mem::size_of::<Value<B>>()
                } else {
                    0
                };
            }
        }
        self.hash.growth(&k.0)
    }

    /// A new integer key `k` arrives where PUC Lua would rehash. If the positive integer keys
    /// (with `k`) would fill more than half of an array part of some power-of-two size,
    /// Lua's sizing rule, move them into the array part: a sequence filled from 2, or in
    /// a scattered order, then lives in the array as in PUC Lua, and `#` agrees with it.
    /// Returns whether the array part grew.
    #[cold]
    fn widen_array(&mut self, k: i64, grow: &mut impl Grow) -> Result<bool, HeapError> {
        // counts[b]: keys in (2^(b-1), 2^b], with key 1 in counts[0].
        let mut counts = [0usize; 65];
        let bucket = |key: u64| (64 - (key - 1).leading_zeros()) as usize;
        let mut total = 0;
        let mut count = |key: i64| {
            if key >= 1 {
                counts[bucket(key as u64)] += 1;
                total += 1;
            }
        };
        for (i, v) in self.arr.iter().enumerate() {
            if !v.is_nil() {
                count(i as i64 + 1);
            }
        }
        self.hash.for_each(|key, _| {
            if let Value::Int(i) = key {
                count(i);
            }
        });
        count(k);
        let (mut size, mut seen) = (0usize, 0usize);
        for (b, &c) in counts.iter().enumerate().take(MAX_ARRAY_BITS + 1) {
            let slots = 1usize << b;
            if slots / 2 >= total {
                break;
            }
            seen += c;
            if seen > slots / 2 {
                size = slots;
            }
        }
        if size <= self.arr.len() + 1 {
            return Ok(false);
        }
        // The hash part only shrinks here; the array part may grow up to `size`.
        let cap = self.arr.capacity();
        if size > cap {
            grow.grow((size - cap) * std::mem::size_of::<Value<B>>())?;
        }
        let moved = self.hash.drain_ints(size as i64);
        let Some(&(last, _)) = moved.iter().max_by_key(|(i, _)| *i) else {
            return Ok(false);
        };
        if last as usize > self.arr.len() {
            self.arr.resize(last as usize, Value::Nil);
        }
        for (i, v) in moved {
            self.arr[i as usize - 1] = v;
        }
        self.absorb();
        Ok(true)
    }

    /// The array part just grew: the keys `n + 1, n + 2, ...` move over from the hash
    /// part, and the dead slot that stops the run, if any, goes too.
    fn absorb(&mut self) {
        if self.hash.int_slots > 0 {
            while let Some(v) = self.hash.take_int(self.arr.len() as i64 + 1) {
                self.arr.push(v);
                if self.hash.int_slots == 0 {
                    break;
                }
            }
        }
        self.high = self.high.max(clamp_u32(self.arr.len()));
    }

    /// Raise the array hint to `n` (a constructor whose item count is known only at
    /// run time, such as `{...}`), moving integer keys up to `n` out of the hash part.
    pub fn reserve_array(&mut self, n: usize) {
        if n <= self.limit as usize {
            return;
        }
        let from = (self.limit as usize).max(self.arr.len()) + 1;
        self.limit = clamp_u32(n);
        self.arr.reserve(n - self.arr.len().min(n));
        if self.hash.int_slots == 0 {
            return;
        }
        // Invariant 3 now covers keys up to `n`: no slot may keep one.
        for k in from..=n {
            if let Some(v) = self.hash.take_int(k as i64) {
                self.arr.resize(k - 1, Value::Nil);
                self.arr.push(v);
            }
            if self.hash.int_slots == 0 {
                break;
            }
        }
        self.absorb();
    }

    fn trim(&mut self) {
        while let Some(Value::Nil) = self.arr.last() {
            self.arr.pop();
        }
    }

    /// A border of the table: `t[n]` is non-nil (or `n` is 0) and `t[n + 1]` is nil.
    #[inline(always)]
    pub fn length(&self) -> i64 {
        #[cfg(feature = "border-audit")]
        if !self.is_sequence() {
            border_audit::note();
        }
        self.arr.len() as i64
    }

    /// Whether the positive integer keys are exactly `1..=n` for some `n`, so that the
    /// table has a single border.
    #[cfg(feature = "border-audit")]
    fn is_sequence(&self) -> bool {
        let mut sequence = self.arr.iter().all(|v| !v.is_nil());
        self.hash.for_each(|k, _| {
            if matches!(k, Value::Int(i) if i >= 1) {
                sequence = false;
            }
        });
        sequence
    }

    /// The field after `k` in traversal order (array part by index, then the hash part
    /// by slot), the first one for nil, `None` after the last.
    pub fn next(&self, k: Value<B>) -> Result<Option<Field<B>>, HeapError> {
        let k = match k {
            Value::Nil => return Ok(self.next_in_array(0)),
            k => Key::new(k).map_err(|_| HeapError::InvalidNextKey)?.0,
        };
        if let Value::Int(i) = k {
            let idx = (i as u64).wrapping_sub(1);
            if idx < self.arr.len() as u64 {
                return Ok(self.next_in_array(idx as usize + 1));
            }
        }
        match self.hash.position(&k) {
            Some(slot) => Ok(self.hash.next_from(slot + 1)),
            // An array key cleared at the end of the array part: every later array
            // field was nil too, so the hash part comes next.
            None => match k {
                Value::Int(i) if i >= 1 && i as u64 <= self.high as u64 => {
                    Ok(self.hash.next_from(0))
                }
                _ => Err(HeapError::InvalidNextKey),
            },
        }
    }

    fn next_in_array(&self, from: usize) -> Option<Field<B>> {
        for (i, v) in self.arr.iter().enumerate().skip(from) {
            if !v.is_nil() {
                return Some((Value::Int(i as i64 + 1), *v));
            }
        }
        self.hash.next_from(0)
    }

    /// Every field, in traversal order.
    pub fn for_each(&self, mut f: impl FnMut(Value<B>, Value<B>)) {
        for (i, v) in self.arr.iter().enumerate() {
            if !v.is_nil() {
                f(Value::Int(i as i64 + 1), *v);
            }
        }
        self.hash.for_each(f);
    }

    /// Fields in the hash part (for size estimates and tests).
    pub fn hash_len(&self) -> usize {
        self.hash.len()
    }

    /// Length of the array part, nils included.
    pub fn array_len(&self) -> usize {
        self.arr.len()
    }

    /// Approximate heap bytes held, the table header included.
    #[inline]
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.arr.capacity() * std::mem::size_of::<Value<B>>()
            + self.hash.bytes()
    }
}

/// Counts kept as `u32` to keep the table header small (Lua's is 56 bytes). An array part
/// of 2^32 values would be 64 GiB, so clamping loses nothing a heap can hold.
#[inline]
fn clamp_u32(n: usize) -> u32 {
    n.min(u32::MAX as usize) as u32
}
