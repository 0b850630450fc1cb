//! Clauses: the parts of a sentence that can tell separate events.
//!
//! "Les rebelles affirment avoir abattu un avion et finalement les
//! assaillants se sont retirés de Léré entre 2 et 3 heures du matin" tells
//! a claim and a withdrawal with its own time. A clause ends at `;` or at a
//! coordinating word followed closely by a new subject.

use std::ops::Range;
use vigie_model::Lang;
use vigie_text::Analysis;

const COORD: &[&str] = &[
    "et", "mais", "puis", "tandis", "alors", "and", "but", "then", "while", "whereas", "before",
    "avant", "apres", "after",
];
const SUBJECT: &[&str] = &[
    "les", "la", "le", "l'", "des", "ils", "elles", "il", "elle", "ces", "cette", "ce", "the",
    "they", "he", "she", "it", "we", "nous", "on",
];

/// Splits the token range of a sentence into clauses.
pub fn clauses(a: &Analysis, sentence: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = sentence.start;
    let mut i = sentence.start;
    while i < sentence.end {
        let n = a.norm(i);
        let mut cut = None;
        if n == ";" {
            cut = Some(i + 1);
        } else if COORD.contains(&n) && i > start + 3 {
            // A new subject within the next three words: "et finalement les
            // assaillants ...", "and then the soldiers ...".
            let window = (i + 1)..(i + 4).min(sentence.end);
            // "on" is a subject in French only ("and Maradi on Saturday").
            let subject = |w: &str| SUBJECT.contains(&w) && (w != "on" || a.lang != Some(Lang::En));
            if window.clone().any(|j| subject(a.norm(j))) {
                cut = Some(i);
            }
        }
        if let Some(c) = cut {
            if c > start && sentence.end - c > 3 {
                out.push(start..c);
                start = c;
            }
        }
        i += 1;
    }
    if start < sentence.end {
        out.push(start..sentence.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<String> {
        let a = vigie_text::analyse(t, None);
        let s = a.sentences[0].tokens.clone();
        clauses(&a, s)
            .into_iter()
            .map(|r| a.tokens_span(r).unwrap().slice(t).to_string())
            .collect()
    }

    #[test]
    fn splits_on_new_subject() {
        assert_eq!(
            split("Les rebelles affirment avoir abattu un avion et finalement les assaillants se sont retirés de la ville à l'aube."),
            vec![
                "Les rebelles affirment avoir abattu un avion",
                "et finalement les assaillants se sont retirés de la ville à l'aube."
            ]
        );
        assert_eq!(
            split("Gunmen attacked the village and killed ten people."),
            vec!["Gunmen attacked the village and killed ten people."]
        );
    }
}
