//! Name keys: the comparison form of place names. Case, accents, spaces,
//! apostrophes and hyphens do not count (Ségou = Segou, N'Djamena =
//! Ndjamena, Sobane-Da = Sobane Da), so a key is the folded name's letters
//! and digits. Keys are hashed with FNV-1a, which runs token by token over a
//! text without building strings.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

pub(crate) const HASH_START: u64 = FNV_OFFSET;

/// The key of a name: folded, letters and digits only.
pub fn name_key(name: &str) -> String {
    vigie_text::fold_str(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Extends hash `h` with the letters and digits of an already folded string.
#[inline]
pub(crate) fn hash_folded(mut h: u64, folded: &str) -> u64 {
    // Most words are ASCII: one pass with a table lookup per byte, without
    // a separate ASCII check or UTF-8 decoding; the first other byte
    // starts again the slow way.
    let start = h;
    for &b in folded.as_bytes() {
        match BYTE_CLASS[usize::from(b)] {
            ALNUM => {
                h ^= b as u64;
                h = h.wrapping_mul(FNV_PRIME);
            }
            NON_ASCII => return hash_chars(start, folded),
            _ => {}
        }
    }
    h
}

const SKIP: u8 = 0;
const ALNUM: u8 = 1;
const NON_ASCII: u8 = 2;

/// What [`hash_folded`] does with each byte.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [SKIP; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if b >= 0x80 {
            NON_ASCII
        } else if (b as u8).is_ascii_alphanumeric() {
            ALNUM
        } else {
            SKIP
        };
        b += 1;
    }
    t
};

#[cold]
fn hash_chars(mut h: u64, folded: &str) -> u64 {
    for c in folded.chars() {
        if c.is_alphanumeric() {
            let mut buf = [0u8; 4];
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                h ^= b as u64;
                h = h.wrapping_mul(FNV_PRIME);
            }
        }
    }
    h
}

/// Hasher for maps keyed by key hashes: they are hashes already, so a
/// multiply-and-fold replaces SipHash (one recognition lookup per word).
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(FNV_PRIME);
        }
    }
    fn write_u64(&mut self, n: u64) {
        let x = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 29);
    }
}

/// A map keyed by name-key hashes.
pub(crate) type KeyMap<V> = FastMap<u64, V>;

/// A map with short keys looked up once per word or candidate: FNV, not
/// SipHash (the keys come from the bundled data and the text analysed,
/// and a slow case costs time, not safety).
pub(crate) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// Hash of a key (or of any folded string: non-alphanumerics are skipped).
pub(crate) fn hash_key(key: &str) -> u64 {
    hash_folded(HASH_START, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_accents_case_and_punctuation() {
        assert_eq!(name_key("Ségou"), "segou");
        assert_eq!(name_key("N’Djamena"), name_key("Ndjamena"));
        assert_eq!(name_key("Sobane-Da"), name_key("Sobane Da"));
        assert_eq!(hash_key(&name_key("Tillabéri")), hash_key("tillaberi"));
    }

    #[test]
    fn ascii_and_other_words_hash_alike() {
        // The fast path and the slow one agree on the ASCII letters of a
        // word that also holds other characters.
        let slow = hash_chars(HASH_START, "ab-c'1");
        assert_eq!(hash_folded(HASH_START, "ab-c'1"), slow);
        assert_eq!(
            hash_folded(HASH_START, "ab\u{3b1}c"),
            hash_chars(HASH_START, "ab\u{3b1}c")
        );
        assert_ne!(hash_folded(HASH_START, "ab\u{3b1}c"), hash_key("abc"));
        assert_eq!(hash_folded(HASH_START, "a b"), hash_key("ab"));
    }

    #[test]
    fn hash_is_incremental() {
        let h = hash_folded(hash_folded(HASH_START, "sobane"), "-");
        assert_eq!(hash_folded(h, "da"), hash_key("sobaneda"));
    }
}
