//! Finding place names in a text: a walk over the analysed tokens that
//! extends a name key word by word while the gazetteer's index says a longer
//! name may follow, then the cues around each name.

use crate::cues::{Cue, Noun};
use crate::gazetteer::{CountryWord, Gazetteer, Stop};
use crate::key::{hash_folded, HASH_START};
use crate::place::PlaceKind;
use std::ops::Range;
use vigie_model::Span;
use vigie_text::{Analysis, TokenKind};

/// A name found in the text, before resolution.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub tokens: Range<usize>,
    pub span: Span,
    /// Key hash; `None` for a capitalised name the gazetteer lacks.
    pub hash: Option<u64>,
    pub cue: Cue,
    pub noun: Option<Noun>,
    pub sentence_initial: bool,
    /// Inside parentheses right after another name: "Belehoro (Arbinda)".
    pub parenthetical: bool,
    /// A capitalised word touches the name: "Katiba Macina", "Boko Haram".
    pub in_longer_name: bool,
    pub stop: Option<Stop>,
}

/// A country name or demonym seen in the text.
#[derive(Debug, Clone)]
pub(crate) struct CountrySignal {
    pub countries: Vec<[u8; 2]>,
    pub kind: CountryWord,
}

fn is_upper_start(text: &str, span: Span) -> bool {
    let s = span.slice(text);
    match s.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => s.chars().next().is_some_and(|c| c.is_uppercase()),
    }
}

fn is_joiner(folded: &str) -> bool {
    matches!(folded, "-" | "'")
}

pub(crate) fn find(gaz: &Gazetteer, text: &str, a: &Analysis) -> (Vec<Raw>, Vec<CountrySignal>) {
    let toks = &a.tokens;
    let n = toks.len();
    let mut raws: Vec<Raw> = Vec::with_capacity(n / 4);
    let mut signals = Vec::new();
    let mut sentence_starts = vec![false; n];
    let mut titled = vec![false; n];
    // Each word's capital, looked at once: the walk, the title-case test
    // and the context all ask.
    let upper: Vec<bool> = toks
        .iter()
        .map(|t| t.kind == TokenKind::Word && is_upper_start(text, t.span))
        .collect();
    for s in &a.sentences {
        // The first word of a sentence, also after an opening quote or dash.
        let mut k = s.tokens.start;
        while k < s.tokens.end && toks[k].kind == TokenKind::Punct {
            k += 1;
        }
        if k < n {
            sentence_starts[k] = true;
        }
        // After a dateline ("DAKAR, March 3 — Four groups ...") the story
        // starts again.
        let head = s.tokens.start..(s.tokens.start + 12).min(s.tokens.end);
        for k in head.clone().skip(2) {
            let dash = toks[k - 1].kind == TokenKind::Punct
                && a.norm(k - 1) == "-"
                && toks[k - 1].span.start > toks[k - 2].span.end
                && toks[k].span.start > toks[k - 1].span.end;
            if dash && head.clone().take(k - head.start).any(|j| a.norm(j) == ",") {
                sentence_starts[k] = true;
                break;
            }
        }
        // Headlines in title case ("Gunmen Kill 12 In Kidal Attack") and
        // capitals: a capital after a name says nothing there.
        let (mut words, mut caps) = (0, 0);
        for k in s.tokens.clone() {
            let t = &toks[k];
            if t.kind == TokenKind::Word && t.span.len() > 3 {
                words += 1;
                caps += upper[k] as usize;
            }
        }
        if words >= 4 && caps * 10 >= words * 8 {
            titled[s.tokens.clone()].fill(true);
        }
    }
    let mut i = 0;
    while i < n {
        let t = toks[i];
        if t.kind != TokenKind::Word {
            i += 1;
            continue;
        }
        let folded = a.norm(i);
        if !upper[i] {
            // Demonyms are lower case in French ("l'armée malienne").
            if folded.len() >= 4 {
                if let Some(v) = gaz.country_words.get(&hash_folded(HASH_START, folded)) {
                    if v.iter().any(|e| e.1 == CountryWord::Demonym) {
                        signals.push(CountrySignal {
                            countries: v.iter().map(|e| e.0).collect(),
                            kind: CountryWord::Demonym,
                        });
                    }
                }
            }
            i += 1;
            continue;
        }
        // Walk the longest name starting here.
        let mut h = HASH_START;
        let mut best: Option<(usize, u64)> = None;
        let mut j = i;
        while j < n && j < i + 8 {
            let tj = toks[j];
            if j > i && tj.span.start > toks[j - 1].span.end + 1 {
                break; // a gap wider than one space: another line or column
            }
            match tj.kind {
                TokenKind::Word => {}
                TokenKind::Punct if j > i && is_joiner(a.norm(j)) && j + 1 < n => {
                    j += 1;
                    continue;
                }
                _ => break,
            }
            h = hash_folded(h, a.norm(j));
            let (full, prefix) = gaz.probe(h);
            if full {
                best = Some((j + 1, h));
            }
            if !prefix {
                break;
            }
            j += 1;
        }
        // "Bobo-Dioulassa": a known first part of a longer hyphenated name
        // the gazetteer lacks is not that place.
        let known_start = best.is_some();
        let best = best.filter(|&(e, _)| {
            !(e + 1 < n
                && a.norm(e) == "-"
                && toks[e + 1].kind == TokenKind::Word
                && upper[e + 1]
                && toks[e].span.start == toks[e - 1].span.end
                && !gaz.probe(hash_folded(HASH_START, a.norm(e + 1))).0)
        });
        // "Tin Tagart", "Souleymane Keita", "Abdou Moumouni University":
        // likewise with a space, unless the word after is one that follows
        // names ("Gao Tuesday", "Soum Province"), the sentence is in title
        // case, or the name is an African city, which names what stands in
        // it ("the Ouagadougou Labour Exchange").
        let best = best.filter(|&(e, h)| {
            !(e < n
                && !titled[i]
                && toks[e].kind == TokenKind::Word
                && toks[e].span.start == toks[e - 1].span.end + 1
                && upper[e]
                && !gaz.cues.trailers.iter().any(|w| w == a.norm(e))
                && !gaz.cues.after_by_first.contains_key(a.norm(e))
                && !gaz
                    .country_words
                    .contains_key(&hash_folded(HASH_START, a.norm(e)))
                && !names_african_city(gaz, h))
        });
        let (end, hash) = match best {
            Some((e, h)) => (e, Some(h)),
            None => {
                // A capitalised name the gazetteer does not know: kept only
                // with a strong cue, as a hint for the parentheses after it.
                let mut e = i + 1;
                loop {
                    if e < n && toks[e].kind == TokenKind::Word && upper[e] {
                        e += 1;
                    } else if e + 1 < n
                        && is_joiner(a.norm(e))
                        && toks[e].span.start == toks[e - 1].span.end
                        && toks[e + 1].span.start == toks[e].span.end
                        && toks[e + 1].kind == TokenKind::Word
                        && upper[e + 1]
                    {
                        // "Tin-Tahati", "Balaguina-Habe": one name.
                        e += 2;
                    } else {
                        break;
                    }
                }
                (e, None)
            }
        };
        // Demonyms with a capital ("Malian troops", "Algerian army") are
        // country signals, whether or not a place bears the same name.
        if let Some(h) = hash.or_else(|| {
            let h = hash_folded(HASH_START, folded);
            gaz.country_words.contains_key(&h).then_some(h)
        }) {
            if let Some(v) = gaz.country_words.get(&h) {
                signals.push(CountrySignal {
                    countries: v.iter().map(|e| e.0).collect(),
                    kind: if v.iter().any(|e| e.1 == CountryWord::Name) {
                        CountryWord::Name
                    } else {
                        CountryWord::Demonym
                    },
                });
                if v.iter().all(|e| e.1 == CountryWord::Demonym) {
                    i = end;
                    continue;
                }
            }
        }
        let span = Span::new(t.span.start, toks[end - 1].span.end);
        let mut r = Raw {
            tokens: i..end,
            span,
            hash,
            cue: Cue::None,
            noun: None,
            sentence_initial: sentence_starts[i],
            parenthetical: false,
            in_longer_name: false,
            stop: hash.and_then(|h| gaz.stoplist.get(&h).copied()),
        };
        // "JAS", "MIA", "CMA": short capitals are acronyms of groups and
        // bodies far more often than places, unless the whole sentence is
        // in capitals.
        let acronym = end == i + 1 && !titled[i] && t.span.len() <= 4 && {
            let w = t.span.slice(text);
            w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase())
        };
        if acronym {
            i = end;
            continue;
        }
        // "operation 'Panga'", "l'opération Barkhane": the name of an
        // operation, not a place.
        let mut b = i;
        while b > 0 && matches!(a.norm(b - 1), "'" | "\"" | "«" | "“" | "‘") {
            b -= 1;
        }
        if b > 0 && {
            let w = a.norm(b - 1);
            gaz.cues.names_other_filter.may_contain(w)
                && gaz.cues.names_other.iter().any(|x| x == w)
        } {
            i = end;
            continue;
        }
        context(gaz, a, &upper, &mut r, &raws);
        // "in Ali-Samba": two known words joined by a hyphen after the cue
        // of a point, with no road noun after them, are one name the
        // gazetteer lacks, not an axis ("l'axe Gao-Ansongo", "the
        // Ouagadougou-Dori road").
        let joined = r.cue == Cue::Between
            && r.noun.is_none()
            && raws.last().is_some_and(|p| {
                p.cue == Cue::At
                    && p.noun.is_none()
                    && !p.parenthetical
                    && p.tokens.end + 1 == i
                    && toks[i - 1].span.start == toks[i - 2].span.end
                    && t.span.start == toks[i - 1].span.end
            });
        if joined {
            if let Some(p) = raws.pop() {
                r.tokens = p.tokens.start..end;
                r.span = Span::new(p.span.start, r.span.end);
                r.hash = None;
                r.cue = p.cue;
                r.sentence_initial = p.sentence_initial;
                r.stop = None;
                r.in_longer_name = false;
            }
        }
        let keep = if joined || r.hash.is_some() {
            true
        } else if (matches!(r.cue, Cue::At | Cue::Near | Cue::Distance | Cue::Between)
            || r.noun.is_some())
            // A longer name around a known word ("blamed on Boko Haram")
            // needs a settlement noun or a bearing to be a place; joined
            // by a hyphen ("in Goma-Coura") it is one name.
            && (!known_start
                || (end > i + 1
                    && a.norm(i + 1) == "-"
                    && !gaz.stoplist.contains_key(&hash_folded(HASH_START, a.norm(i))))
                || matches!(r.cue, Cue::Near | Cue::Distance | Cue::Between)
                || r.noun.is_some_and(Noun::is_locality))
        {
            // Unknown names: not words that are never places ("On
            // December 15", "the Fulani village of").
            let h = (i..end).fold(HASH_START, |h, k| hash_folded(h, a.norm(k)));
            gaz.stoplist.get(&h) != Some(&Stop::Never)
        } else {
            false
        };
        if keep {
            raws.push(r);
            i = end;
        } else if hash.is_none() {
            // "In Timbuktu": the run may hold a known name further on.
            i += 1;
        } else {
            i = end;
        }
    }
    (raws, signals)
}

/// Is one of the entries under this name an African city of 100,000 or a
/// capital?
fn names_african_city(gaz: &Gazetteer, h: u64) -> bool {
    gaz.entries(h).any(|i| {
        let p = &gaz.places[i as usize];
        p.kind == PlaceKind::Settlement
            && (p.population >= 100_000 || &*p.feature_code == "PPLC")
            && gaz.country_of(p).is_some_and(|c| c.continent == "AF")
    })
}

/// Does `phrase` occupy the tokens just before `j`?
fn ends_at(a: &Analysis, phrase: &[String], j: usize) -> bool {
    phrase.len() <= j
        && phrase
            .iter()
            .enumerate()
            .all(|(k, w)| a.norm(j - phrase.len() + k) == w)
}

fn starts_at(a: &Analysis, phrase: &[String], j: usize) -> bool {
    j + phrase.len() <= a.tokens.len() && phrase.iter().enumerate().all(|(k, w)| a.norm(j + k) == w)
}

/// The phrases of `by_word` whose indexed word is token `k`.
fn phrases_at<'c>(
    a: &Analysis,
    by_word: &'c crate::cues::WordIndex,
    k: Option<usize>,
) -> &'c [usize] {
    match k {
        Some(k) if k < a.tokens.len() => by_word.get(a.norm(k)).map_or(&[], |v| &v[..]),
        _ => &[],
    }
}

/// The cue ending right before token `j` ("à", "près de", "in the town
/// of"...), longest first.
pub(crate) fn left_cue(cues: &crate::cues::Cues, a: &Analysis, j: usize) -> Cue {
    let lang = a.lang;
    // Many phrases end with the same word ("de", "of"): the word before it
    // sorts most of them out before a full comparison.
    let w = j.checked_sub(2).map(|k| a.norm(k));
    for &k in phrases_at(a, &cues.left_by_last, j.checked_sub(1)) {
        let (ph, c, only) = &cues.left[k];
        // A cue of one language holds in it and in texts whose language
        // is not known.
        if only.is_some() && lang.is_some() && *only != lang {
            continue;
        }
        if (ph.len() < 2 || w == Some(ph[ph.len() - 2].as_str())) && ends_at(a, ph, j) {
            return *c;
        }
    }
    Cue::None
}

fn context(gaz: &Gazetteer, a: &Analysis, upper: &[bool], r: &mut Raw, before: &[Raw]) {
    let cues = &gaz.cues;
    let i = r.tokens.start;
    let end = r.tokens.end;
    let mut j = i;
    let ending_at = |m, j: usize| phrases_at(a, m, j.checked_sub(1));
    // Many phrases end with the same word ("de", "of"): the word before it
    // sorts most of them out before a full comparison.
    let word_before_last = |j: usize| j.checked_sub(2).map(|k| a.norm(k));
    let may_end_at =
        |ph: &[String], w: Option<&str>| ph.len() < 2 || w == Some(ph[ph.len() - 2].as_str());
    // "la région de", "the village of" ...
    let w = word_before_last(j);
    for &k in ending_at(&cues.before_by_last, j) {
        let (ph, nn) = &cues.noun_before[k];
        if may_end_at(ph, w) && ends_at(a, ph, j) {
            r.noun = Some(*nn);
            j -= ph.len();
            if j > 0 {
                let w = a.norm(j - 1);
                if cues.articles.iter().any(|x| x == w) {
                    j -= 1;
                }
            }
            break;
        }
    }
    // "Gao region", "Soum Province".
    for &k in phrases_at(a, &cues.after_by_first, Some(end)) {
        let (ph, nn) = &cues.noun_after[k];
        if starts_at(a, ph, end) {
            if r.noun.is_none() {
                r.noun = Some(*nn);
            }
            break;
        }
    }
    // "à 40 km de", "30 km north of": a unit shortly before "de/of/from".
    if j >= 2 && matches!(a.norm(j - 1), "de" | "d'" | "du" | "of" | "from") {
        let lo = j.saturating_sub(7);
        // "20km from": the unit may be glued to its figure.
        if (lo..j - 1).any(|k| {
            let w = a.norm(k);
            cues.distance_units.iter().any(|u| {
                u == w
                    || (w.len() > u.len()
                        && w.ends_with(u.as_str())
                        && w.as_bytes()[0].is_ascii_digit())
            })
        }) {
            r.cue = Cue::Distance;
        }
    }
    if r.cue == Cue::None {
        r.cue = left_cue(cues, a, j);
    }
    // "entre Dori et Gorgadji": the second name takes the first one's cue.
    // (The name before is checked first: it is rarely one word away.)
    let prev_adjacent = before.last().filter(|p| j > 0 && p.tokens.end + 1 == j);
    if let Some(prev) = prev_adjacent {
        let w = a.norm(j - 1);
        if prev.cue == Cue::Between && cues.and.iter().any(|x| x == w) {
            r.cue = Cue::Between;
        }
        // "l'axe Gao-Ansongo", "the Gao-Ansongo road".
        if w == "-" && prev.hash.is_some() {
            r.cue = Cue::Between;
        }
    }
    // "Belehoro (Arbinda)", "Bamba Commune (Koro, Mopti)": a qualifier of
    // the name before, or of the name and its one-word noun.
    if i > 0 && a.norm(i - 1) == "(" && end < a.tokens.len() && matches!(a.norm(end), ")" | ",") {
        if let Some(prev) = before.last() {
            let noun_between = prev.tokens.end + 2 == i
                && prev.noun.is_some()
                && phrases_at(a, &cues.after_by_first, Some(prev.tokens.end))
                    .iter()
                    .any(|&k| cues.noun_after[k].0.len() == 1);
            if prev.tokens.end + 1 == i || noun_between {
                r.parenthetical = true;
            }
        }
    }
    // "(Abeibara, Kidal)": the second name in the parentheses too.
    if i > 0 && a.norm(i - 1) == "," && end < a.tokens.len() && a.norm(end) == ")" {
        if let Some(prev) = before.last() {
            if prev.parenthetical && prev.tokens.end + 1 == i {
                r.parenthetical = true;
            }
        }
    }
    // "Katiba Macina", "Boko Haram": the name is part of a longer one.
    let cap_word = |k: usize| upper[k];
    if r.cue == Cue::None && r.noun.is_none() {
        // "North-East Kidal": a bearing before the name is not part of it.
        let prev_cap = i > 0
            && cap_word(i - 1)
            && a.tokens[i - 1].span.end + 1 >= a.tokens[i].span.start
            && gaz.stoplist.get(&hash_folded(HASH_START, a.norm(i - 1))) != Some(&Stop::NeedsNoun);
        let next_cap = end < a.tokens.len()
            && cap_word(end)
            && a.tokens[end].span.start <= a.tokens[end - 1].span.end + 1
            && !gaz.probe(hash_folded(HASH_START, a.norm(end))).0
            && !r.hash.is_some_and(|h| names_african_city(gaz, h));
        r.in_longer_name = prev_cap || next_cap;
    }
}
