//! Language identification: French, English or other.

use crate::Analysis;
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

/// Detects the language of `text` from its function words, with a trigram
/// model (whatlang) to tell other languages apart.
pub fn detect_lang(text: &str, a: &Analysis) -> Lang {
    let (mut fr, mut en) = (0usize, 0usize);
    for i in 0..a.tokens.len().min(600) {
        let n = a.norm(i);
        if FR.contains(&n) {
            fr += 1;
        }
        if EN.contains(&n) {
            en += 1;
        }
    }
    let words = a.tokens.len().min(600).max(1);
    let dominant = if fr >= 2 * en.max(1) || (fr > en && en <= 1) {
        Some(Lang::Fr)
    } else if en >= 2 * fr.max(1) || (en > fr && fr <= 1) {
        Some(Lang::En)
    } else {
        None
    };
    // Function words make up a fifth or more of French or English prose; a
    // text where they are rare is probably another language.
    if let Some(l) = dominant {
        if (fr + en) * 6 >= words {
            return l;
        }
    }
    let sample = match text.char_indices().nth(3000) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    match whatlang::detect(sample) {
        Some(info) if info.lang() == whatlang::Lang::Fra => Lang::Fr,
        Some(info) if info.lang() == whatlang::Lang::Eng => Lang::En,
        Some(info) if info.is_reliable() => Lang::Other,
        _ => dominant.unwrap_or(Lang::Other),
    }
}

#[cfg(test)]
mod tests {
    use crate::analyse;
    use vigie_model::Lang;

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
