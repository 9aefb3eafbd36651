//! The string interner every backend can wrap: equal bytes give the same index.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: fast on the short strings Lua programs are made of, and no SipHash on the
/// hot path.
#[derive(Default, Clone, Copy)]
pub struct FnvHasher(u64);

impl Hasher for FnvHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FnvBuild = BuildHasherDefault<FnvHasher>;

/// Interned strings, addressed by a dense `u32` index.
#[derive(Default)]
pub struct Interner {
    index: HashMap<Box<[u8]>, u32, FnvBuild>,
    strings: Vec<Box<[u8]>>,
    bytes: usize,
}

impl Interner {
    pub fn intern(&mut self, s: &[u8]) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.strings.len() as u32;
        let owned: Box<[u8]> = s.into();
        self.bytes += s.len() + 32;
        self.index.insert(owned.clone(), i);
        self.strings.push(owned);
        i
    }
    #[inline]
    pub fn get(&self, i: u32) -> &[u8] {
        &self.strings[i as usize]
    }
    pub fn len(&self) -> usize {
        self.strings.len()
    }
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
    /// Bytes held, counting both copies and a per-string overhead.
    pub fn bytes(&self) -> usize {
        self.bytes * 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn equal_bytes_share_an_index() {
        let mut i = Interner::default();
        let a = i.intern(b"hello");
        let b = i.intern(b"world");
        assert_ne!(a, b);
        assert_eq!(i.intern(b"hello"), a);
        assert_eq!(i.get(b), b"world");
    }
}
