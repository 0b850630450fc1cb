//! Language identification: French, English or other.

use crate::{Analysis, TokenKind};
use vigie_model::Lang;

const FR: &[&str] = &[
    "le", "la", "les", "des", "du", "et", "est", "une", "un", "dans", "pour", "que", "qui", "avec",
    "sur", "par", "au", "aux", "ont", "ete", "selon", "son", "ses", "leur", "pas", "ce", "cette",
    "l'", "d'", "qu'", "s'", "n'", "a", "apres", "contre", "entre",
];
const EN: &[&str] = &[
    "the", "of", "and", "to", "in", "was", "were", "is", "on", "for", "that", "with", "by", "at",
    "from", "has", "have", "had", "said", "their", "its", "an", "are", "been", "after", "who",
    "which", "against", "this",
];

/// The longest word of `FR` and `EN`, in bytes (checked by a test).
const MAX_FUNCTION_WORD: usize = 7;

/// Conflict-news words of one language only, for headlines and terse notes
/// that have few function words ("Armed men killed forest guard.").
const FR_NEWS: &[&str] = &[
    "tues",
    "tue",
    "attaque",
    "attaques",
    "soldats",
    "armee",
    "blesses",
    "morts",
    "gendarmes",
    "militaires",
    "hommes",
    "armes",
    "enleves",
    "manifestants",
    "villageois",
    "civils",
    "deplaces",
    "assaillants",
    "affrontements",
    "embuscade",
    "frappe",
    "terroristes",
    "ont",
    "pres",
    "nord",
    "sud",
    "selon",
    "contre",
    "lors",
];
const EN_NEWS: &[&str] = &[
    "killed",
    "attack",
    "attacked",
    "attacks",
    "soldiers",
    "army",
    "wounded",
    "injured",
    "dead",
    "men",
    "armed",
    "kidnapped",
    "abducted",
    "protesters",
    "villagers",
    "civilians",
    "displaced",
    "gunmen",
    "clashes",
    "ambush",
    "ambushed",
    "strike",
    "strikes",
    "militants",
    "forces",
    "troops",
    "rebels",
    "government",
    "near",
    "between",
    "launch",
    "launched",
    "hit",
    "bomb",
    "targeted",
    "shelled",
    "killing",
    "people",
    "two",
    "three",
    "several",
];

/// Detects the language of `text` from its function words, with a trigram
/// model (whatlang) to tell other languages apart.
pub fn detect_lang(text: &str, a: &Analysis) -> Lang {
    let (mut fr, mut en, mut words) = (0usize, 0usize, 0usize);
    // Distinct function words: one word repeated ("a" in Hausa, "in" in
    // German) is weak evidence; several different ones are strong.
    let (mut fr_seen, mut en_seen) = (0u64, 0u64);
    for (i, t) in a.tokens.iter().enumerate().take(800) {
        if t.kind != TokenKind::Word {
            continue;
        }
        words += 1;
        let n = a.norm(i);
        // No function word of the lists is longer: no lookup for the rest.
        let positions = (n.len() <= MAX_FUNCTION_WORD)
            .then(|| word_table().get(n))
            .flatten();
        if let Some(k) = positions.and_then(|p| p[IN_FR]) {
            fr += 1;
            fr_seen |= 1 << k;
        }
        if let Some(k) = positions.and_then(|p| p[IN_EN]) {
            en += 1;
            en_seen |= 1 << k;
        }
        // Enough evidence: a long report need not be read to the end.
        if words >= 150 && fr_seen.count_ones().abs_diff(en_seen.count_ones()) >= 8 {
            break;
        }
    }
    let (mut frd, mut end) = (fr_seen.count_ones(), en_seen.count_ones());
    if frd + end < 2 {
        let (frn, enn) = news_words(a);
        frd += frn;
        end += enn;
        fr += frn as usize;
        en += enn as usize;
    }
    let dominant = if frd >= 2 && (fr >= 2 * en.max(1) || (fr > en && en <= 1)) {
        Some(Lang::Fr)
    } else if end >= 2 && (en >= 2 * fr.max(1) || (en > fr && fr <= 1)) {
        Some(Lang::En)
    } else {
        None
    };
    // Function words make up a fifth or more of French or English prose
    // (a sixth of a headline full of names); a text where they are rare is
    // probably another language.
    if let Some(l) = dominant {
        if (fr + en) * 6 >= words.max(1) {
            return l;
        }
    }
    let sample = match text.char_indices().nth(1200) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    match detector().detect(sample) {
        Some(info) if info.lang() == whatlang::Lang::Fra && dominant != Some(Lang::En) => Lang::Fr,
        Some(info) if info.lang() == whatlang::Lang::Eng && dominant != Some(Lang::Fr) => Lang::En,
        Some(info) if info.is_reliable() && dominant.is_none() => Lang::Other,
        _ => dominant.unwrap_or(Lang::Other),
    }
}

/// A word's place in each of the lists above: `FR`, `EN`, `FR_NEWS`,
/// `EN_NEWS`.
type Positions = [Option<u8>; 4];
const IN_FR: usize = 0;
const IN_EN: usize = 1;
const IN_FR_NEWS: usize = 2;
const IN_EN_NEWS: usize = 3;

/// Every word of the lists with its positions: one hash lookup per token
/// instead of four scans of the lists (a tenth of the analysis time).
fn word_table() -> &'static rustc_hash::FxHashMap<&'static str, Positions> {
    static T: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, Positions>> =
        std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut t: rustc_hash::FxHashMap<&'static str, Positions> = Default::default();
        for (l, list) in [FR, EN, FR_NEWS, EN_NEWS].into_iter().enumerate() {
            for (k, w) in list.iter().enumerate() {
                // The first occurrence of a word in a list is the one a scan
                // finds.
                t.entry(w).or_default()[l].get_or_insert(k as u8);
            }
        }
        t
    })
}

/// Trigram detection among French, English and the languages most often
/// confused with them. Asking whatlang about all its languages costs a
/// quarter of a millisecond a call, whatever the text's length; vigie only
/// needs to tell French and English from the rest.
fn detector() -> &'static whatlang::Detector {
    use whatlang::Lang as W;
    static D: std::sync::OnceLock<whatlang::Detector> = std::sync::OnceLock::new();
    D.get_or_init(|| {
        whatlang::Detector::with_allowlist(vec![
            W::Fra,
            W::Eng,
            W::Spa,
            W::Por,
            W::Ita,
            W::Deu,
            W::Nld,
            W::Tur,
            W::Ind,
            W::Pol,
            // Other scripts, so that their texts are told apart as such.
            W::Ara,
            W::Rus,
            W::Cmn,
            W::Heb,
            W::Amh,
        ])
    })
}

/// Distinct French and English conflict-news words in the first tokens.
fn news_words(a: &Analysis) -> (u32, u32) {
    let (mut fr, mut en) = (0u64, 0u64);
    for i in 0..a.tokens.len().min(200) {
        let Some(k) = word_table().get(a.norm(i)) else {
            continue;
        };
        if let Some(k) = k[IN_FR_NEWS] {
            fr |= 1 << k;
        }
        if let Some(k) = k[IN_EN_NEWS] {
            en |= 1 << k;
        }
    }
    (fr.count_ones(), en.count_ones())
}

#[cfg(test)]
mod tests {
    use crate::analyse;
    use vigie_model::Lang;

    #[test]
    fn function_words_fit_the_length_bound() {
        for w in super::FR.iter().chain(super::EN) {
            assert!(w.len() <= super::MAX_FUNCTION_WORD, "{w}");
        }
    }

    #[test]
    fn three_languages() {
        let fr = "Des hommes armés ont attaqué le village dans la nuit de samedi à dimanche.";
        let en = "Armed men attacked the village overnight from Saturday to Sunday.";
        let es = "Hombres armados atacaron el pueblo durante la noche del sábado al domingo, según fuentes locales.";
        assert_eq!(analyse(fr, None).language(), Lang::Fr);
        assert_eq!(analyse(en, None).language(), Lang::En);
        assert_eq!(analyse(es, None).language(), Lang::Other);
        assert_eq!(analyse(fr, Some(Lang::En)).language(), Lang::En);
    }
}
