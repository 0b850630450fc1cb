//! The name index: key hash -> the entries of that name, and whether a
//! longer name starts with it. An open-addressing table answers the
//! recognition walk's one question per word in one or two cache lines,
//! where a binary search over a million pairs took twenty. The tables can
//! borrow the prebuilt bundled image (see `image.rs`) or own their data
//! (a user layer built at run time).

use std::ops::Deref;

/// Index value marking "some longer name starts with these words".
pub(crate) const PREFIX: u32 = u32::MAX;

/// A slice either borrowed from the embedded image or built at run time.
#[derive(Debug, Clone)]
pub(crate) enum Store<T: 'static> {
    Static(&'static [T]),
    Owned(Vec<T>),
}

impl<T> Deref for Store<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        match self {
            Store::Static(s) => s,
            Store::Owned(v) => v,
        }
    }
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store::Owned(Vec::new())
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    /// Slot keys (the key hash); meaningful where `vals` is not 0.
    pub(crate) keys: Store<u64>,
    /// `postings start << 32 | count << 1 | is prefix`; 0 = empty slot.
    pub(crate) vals: Store<u64>,
    /// Entry indices, grouped by key, ascending within a key.
    pub(crate) postings: Store<u32>,
}

#[inline]
fn slot_of(h: u64, mask: usize) -> usize {
    // FNV's low bits are weak: mix before masking.
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

impl NameIndex {
    /// Builds from `(hash, entry or PREFIX)` pairs sorted and deduplicated.
    pub(crate) fn from_sorted(pairs: &[(u64, u32)]) -> NameIndex {
        let mut distinct = 0usize;
        let mut last = None;
        for &(h, _) in pairs {
            if last != Some(h) {
                distinct += 1;
                last = Some(h);
            }
        }
        // Load factor at most one half keeps misses (most capitalised
        // words) to a couple of probes.
        let cap = (distinct * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut keys = vec![0u64; cap];
        let mut vals = vec![0u64; cap];
        let mut postings = Vec::with_capacity(pairs.len());
        let mut k = 0;
        while k < pairs.len() {
            let h = pairs[k].0;
            let start = postings.len() as u64;
            let mut prefix = false;
            while k < pairs.len() && pairs[k].0 == h {
                if pairs[k].1 == PREFIX {
                    prefix = true;
                } else {
                    postings.push(pairs[k].1);
                }
                k += 1;
            }
            let count = postings.len() as u64 - start;
            let mut s = slot_of(h, mask);
            while vals[s] != 0 {
                s = (s + 1) & mask;
            }
            keys[s] = h;
            vals[s] = start << 32 | count << 1 | prefix as u64;
        }
        NameIndex {
            keys: Store::Owned(keys),
            vals: Store::Owned(vals),
            postings: Store::Owned(postings),
        }
    }

    #[inline]
    fn find(&self, h: u64) -> u64 {
        let cap = self.vals.len();
        if cap == 0 {
            return 0;
        }
        let mask = cap - 1;
        let mut s = slot_of(h, mask);
        // Bounded, so that even a table without an empty slot (a damaged
        // image) cannot hang a lookup.
        for _ in 0..cap {
            let v = self.vals[s];
            if v == 0 || self.keys[s] == h {
                return v;
            }
            s = (s + 1) & mask;
        }
        0
    }

    /// Entries stored under a key hash, ascending.
    #[inline]
    pub(crate) fn entries(&self, h: u64) -> &[u32] {
        let v = self.find(h);
        let start = (v >> 32) as usize;
        let count = ((v & 0xFFFF_FFFF) >> 1) as usize;
        self.postings.get(start..start + count).unwrap_or(&[])
    }

    /// `(has full entries, is a prefix of a longer key)`.
    #[inline]
    pub(crate) fn probe(&self, h: u64) -> (bool, bool) {
        let v = self.find(h);
        ((v & 0xFFFF_FFFF) >> 1 != 0, v & 1 == 1)
    }

    /// Heap or image bytes the tables occupy.
    pub(crate) fn bytes(&self) -> usize {
        self.keys.len() * 8 + self.vals.len() * 8 + self.postings.len() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_prefixes() {
        let mut pairs = vec![(7, 3), (7, 1), (7, PREFIX), (9, PREFIX), (11, 2)];
        pairs.sort_unstable();
        let ix = NameIndex::from_sorted(&pairs);
        assert_eq!(ix.entries(7), &[1, 3]);
        assert_eq!(ix.probe(7), (true, true));
        assert_eq!(ix.probe(9), (false, true));
        assert_eq!(ix.entries(9), &[] as &[u32]);
        assert_eq!(ix.probe(11), (true, false));
        assert_eq!(ix.probe(12), (false, false));
        assert!(NameIndex::default().entries(7).is_empty());
    }
}
