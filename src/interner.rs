//! The string interner every backend can wrap: equal bytes give the same index.

use crate::table::MixHasher;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The hash of string contents: [`MixHasher`]'s eight bytes per step (a rotate, an xor
/// and a multiply), then a final avalanche. Byte-at-a-time FNV-1a, used before, cost four
/// instructions a byte, and strings are hashed whole when made and again when swept: in a
/// program that builds long strings, a quarter of the time. The avalanche matters because
/// the hash map takes its bucket from the low bits, which the multiplies alone leave
/// depending on the low bytes of each word only (a table's hash part takes the top bits
/// and needs none). Not keyed: no defence against chosen collisions, as FNV had none.
#[derive(Default, Clone, Copy)]
pub struct BytesHasher(MixHasher);

impl Hasher for BytesHasher {
    /// MurmurHash3's 64-bit finaliser.
    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.0.finish();
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes)
    }
    #[inline]
    fn write_usize(&mut self, x: usize) {
        self.0.write_usize(x)
    }
}

pub type BytesBuild = BuildHasherDefault<BytesHasher>;

/// Interned strings, addressed by a dense `u32` index.
#[derive(Default)]
pub struct Interner {
    index: HashMap<Box<[u8]>, u32, BytesBuild>,
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

    fn hash(bytes: &[u8]) -> u64 {
        use std::hash::{BuildHasher, Hash};
        let mut h = BytesBuild::default().build_hasher();
        bytes.hash(&mut h);
        h.finish()
    }

    /// Both ends of the hash must spread: the map takes the bucket from the low bits and
    /// a tag from the high ones. Keys that differ in one late byte of a word, or only in
    /// a trailing NUL, are the cases a word-wise hash could get wrong.
    #[test]
    fn hashes_spread_in_low_and_high_bits() {
        let keys: Vec<Vec<u8>> = (0..16_384)
            .map(|i| format!("w{i}_{}", i * 37 % 101).into_bytes())
            .collect();
        for (shift, name) in [(0, "low"), (54, "high")] {
            let mut buckets = vec![0u32; 1024];
            for k in &keys {
                buckets[((hash(k) >> shift) & 1023) as usize] += 1;
            }
            // 16 per bucket on average; a poor hash piles dozens into a few.
            let worst = *buckets.iter().max().unwrap();
            assert!(worst <= 40, "{name} bits: a bucket of {worst}");
        }
        assert_ne!(hash(b"a"), hash(b"a\0"));
        assert_ne!(hash(b"abcdefgh"), hash(b"abcdefgi"));
        assert_ne!(hash(b"abcdefgh1"), hash(b"abcdefgh2"));
    }
}
