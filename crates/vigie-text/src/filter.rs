//! A quick "certainly not there" test for dictionary words, run before a
//! hash lookup: most tokens of a text start no dictionary phrase, and
//! telling so from the word's length and three of its bytes costs a
//! fraction of hashing it.

/// Bits of the filter (a power of two).
const BITS: usize = 1 << 12;

/// A set of folded words that may answer "maybe" for a word it lacks, never
/// "no" for a word it holds.
#[derive(Debug, Clone)]
pub struct WordFilter {
    bits: Vec<u64>,
}

impl Default for WordFilter {
    fn default() -> Self {
        WordFilter {
            bits: vec![0; BITS / 64],
        }
    }
}

impl WordFilter {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, word: &str) {
        let s = slot(word.as_bytes());
        self.bits[s / 64] |= 1 << (s % 64);
    }

    /// `false`: `word` was never inserted.
    #[inline]
    pub fn may_contain(&self, word: &str) -> bool {
        let s = slot(word.as_bytes());
        self.bits[s / 64] & (1 << (s % 64)) != 0
    }
}

/// A word of up to 7 bytes as one integer: its bytes, then its length in
/// the top byte, so that no two words share a key. Dictionaries keyed by
/// it hash and compare most words of a text with one multiply and one
/// comparison; longer words need their own string-keyed table.
#[inline]
pub fn short_key(w: &str) -> Option<u64> {
    let b = w.as_bytes();
    if b.len() > 7 {
        return None;
    }
    let mut k = [0u8; 8];
    k[..b.len()].copy_from_slice(b);
    k[7] = b.len() as u8;
    Some(u64::from_le_bytes(k))
}

#[inline]
fn slot(w: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
        return 0;
    };
    let mid = w[w.len() / 2];
    let x = (w.len() as u32)
        ^ (u32::from(first) << 6)
        ^ (u32::from(last) << 14)
        ^ (u32::from(mid) << 22);
    (x.wrapping_mul(0x9E37_79B1) >> (32 - BITS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_tell_words_apart() {
        assert_ne!(short_key("a"), short_key("a\0"));
        assert_ne!(short_key("de"), short_key("ed"));
        assert_eq!(short_key("village"), short_key("village"));
        assert!(short_key("villages").is_none());
        assert!(short_key("").is_some());
    }

    #[test]
    fn holds_what_was_inserted() {
        let words = ["tues", "morts", "au", "l'", "soldats", "", "a", "kamikazes"];
        let mut f = WordFilter::new();
        for w in words {
            f.insert(w);
        }
        for w in words {
            assert!(f.may_contain(w), "{w:?}");
        }
        // Unrelated words are mostly told apart.
        let others = ["bamako", "the", "de", "niger", "hier", "village", "x"];
        assert!(others.iter().filter(|w| f.may_contain(w)).count() <= 2);
    }
}
