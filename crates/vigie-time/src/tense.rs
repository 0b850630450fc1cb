//! Tense and aspect of a clause, from its auxiliaries and verb endings.
//!
//! News narrates in the past; what matters downstream is whether an event
//! is told as before the main story (plus-que-parfait, "had attacked"), as
//! not having happened yet (future, "va", "will", "prévoit"), or as only
//! possible (conditional). Verbs of saying ("a déclaré", "said") frame the
//! report and do not give the tense of what they report.

use crate::lexicon::{self, kinds, Entry, Lexicon, SuffixKind, Window};
use crate::Tense;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::ops::Range;
use vigie_text::{Analysis, TokenKind};

#[derive(Debug, Clone, Copy)]
struct Marker {
    pos: usize,
    tense: Tense,
    /// Auxiliaries and listed forms are strong; endings alone are weak.
    strong: bool,
}

const AUX: [Entry; 9] = [
    Entry::AuxPluperfect,
    Entry::AuxPast,
    Entry::AuxReportedPast,
    Entry::AuxFuture,
    Entry::Future,
    Entry::Conditional,
    Entry::Past,
    Entry::Present,
    Entry::Report,
];

fn is_aux(e: Entry) -> bool {
    AUX.contains(&e)
}

/// The tokens of one clause, indexed from 0.
struct Scan<'a> {
    lang: vigie_model::Lang,
    lex: &'a Lexicon,
    w: Window<'a>,
    tokens: &'a [vigie_text::Token],
    base: usize,
}

impl Scan<'_> {
    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    fn has(&self, i: usize, e: Entry) -> Option<usize> {
        self.w.has(i, e)
    }
}

impl Scan<'_> {
    /// The verb after an auxiliary, past adverbs: its index when it looks
    /// like a participle or an infinitive (not "avait 20 ans", "had a").
    fn verb_after(&self, mut j: usize, end: usize) -> Option<usize> {
        for _ in 0..4 {
            if j >= end {
                return None;
            }
            if let Some(n) = self.has(j, Entry::Adverb) {
                // "été" is both an adverb-like filler and a participle.
                if self.w.norms[j] == "ete" || self.w.norms[j] == "been" {
                    return Some(j);
                }
                j += n;
                continue;
            }
            // Reflexive pronouns between auxiliary and verb ("va se retirer").
            if matches!(self.w.norms[j], "se" | "s'") {
                j += 1;
                continue;
            }
            break;
        }
        if j >= end {
            return None;
        }
        let kind = self.kind(j)?;
        if kind != TokenKind::Word || self.has(j, Entry::NotParticiple).is_some() {
            return None;
        }
        Some(j)
    }

    fn participle_like(&self, j: usize) -> bool {
        let w = self.w.norms[j];
        if self.has(j, Entry::Participle).is_some() {
            return true;
        }
        match self.lang {
            vigie_model::Lang::En => w.ends_with("ed") || w.ends_with("en") || w.ends_with("wn"),
            vigie_model::Lang::Fr => w.ends_with(['e', 's', 'i', 'u', 't']),
            vigie_model::Lang::Other => {
                w.ends_with(['e', 's', 'i', 'u', 't']) || w.ends_with("ed") || w.ends_with("en")
            }
        }
    }

    fn is_report(&self, j: usize) -> bool {
        self.has(j, Entry::Report).is_some()
    }

    fn markers(&self) -> Vec<Marker> {
        let mut out = Vec::new();
        let end = self.w.norms.len();
        let mut i = 0;
        while i < end {
            // A month next to a day number or after "in" is not a verb
            // ("May 12", "23 May", "in May").
            let dated = self.kind(i + 1) == Some(TokenKind::Number)
                || i.checked_sub(1).is_some_and(|p| {
                    self.kind(p) == Some(TokenKind::Number)
                        || self
                            .w
                            .find_of(p, DATE_CUES, |e| {
                                matches!(e, Entry::MonthCue | Entry::Since | Entry::Period(_))
                                    .then_some(())
                            })
                            .is_some_and(|(n, _)| n == 1)
                });
            if dated
                && self
                    .w
                    .find_of(i, MONTH, |e| matches!(e, Entry::Month(_)).then_some(()))
                    .is_some()
            {
                i += 1;
                continue;
            }
            let found = self.w.find_of(i, AUX_KINDS, |e| is_aux(e).then_some(e));
            let Some((n, e)) = found else {
                if self.kind(i) == Some(TokenKind::Word) {
                    if let Some(k) = self.lex.suffix(self.w.norms[i]) {
                        if !self.is_report(i) {
                            out.push(Marker {
                                pos: i,
                                tense: match k {
                                    SuffixKind::Past => Tense::Past,
                                    SuffixKind::Future => Tense::Future,
                                    SuffixKind::Conditional => Tense::Conditional,
                                },
                                strong: false,
                            });
                        }
                    }
                }
                i += 1;
                continue;
            };
            if self.is_report(i) && !matches!(e, Entry::AuxPast | Entry::AuxPluperfect) {
                i += n;
                continue;
            }
            let next = i + n;
            let verb = self.verb_after(next, end);
            let push = |out: &mut Vec<Marker>, tense, strong| {
                out.push(Marker {
                    pos: i,
                    tense,
                    strong,
                })
            };
            let mut advance = n;
            match e {
                Entry::AuxPluperfect | Entry::AuxPast | Entry::AuxReportedPast => {
                    match verb.filter(|&v| self.participle_like(v)) {
                        Some(v) if self.is_report(v) => advance = v + 1 - i,
                        Some(v) => {
                            // "est prévu", "is expected": the participle
                            // itself speaks of the future.
                            let t = if self.has(v, Entry::Future).is_some() {
                                Tense::Future
                            } else if e == Entry::AuxPluperfect {
                                Tense::Pluperfect
                            } else {
                                Tense::Past
                            };
                            push(&mut out, t, true);
                            advance = v + 1 - i;
                        }
                        None => {
                            if e == Entry::AuxReportedPast {
                                push(&mut out, Tense::Conditional, true);
                            } else if self.has(i, Entry::Present).is_some() {
                                push(&mut out, Tense::Present, false);
                            } else if self.has(i, Entry::Past).is_some()
                                || e == Entry::AuxPluperfect
                            {
                                push(&mut out, Tense::Past, false);
                            }
                        }
                    }
                }
                Entry::AuxFuture => {
                    if let Some(v) = verb {
                        push(&mut out, Tense::Future, true);
                        advance = v + 1 - i;
                    }
                }
                Entry::Future => push(&mut out, Tense::Future, true),
                // "pourrait avoir fait", "could have killed": a past
                // told as uncertain.
                Entry::Conditional => match self.verb_after(next, end) {
                    Some(v)
                        if self.has(v, Entry::AuxPast).is_some()
                            && self
                                .verb_after(v + 1, end)
                                .is_some_and(|p| self.participle_like(p)) =>
                    {
                        push(&mut out, Tense::Past, true);
                        advance = v + 2 - i;
                    }
                    _ => push(&mut out, Tense::Conditional, true),
                },
                Entry::Report => {}
                Entry::Past => push(&mut out, Tense::Past, true),
                Entry::Present => push(&mut out, Tense::Present, false),
                _ => {}
            }
            i += advance.max(1);
        }
        out
    }
}

const DATE_CUES: u64 = kinds(&[
    Entry::MonthCue,
    Entry::Since,
    Entry::Period(lexicon::Period::Early),
]);
const MONTH: u64 = kinds(&[Entry::Month(1)]);
const AUX_KINDS: u64 = kinds(&AUX);

/// A document's words looked up once, for the tense of many of its
/// clauses: the coder asks about every candidate event's clause.
pub struct Tenses<'a> {
    a: &'a Analysis,
    lex: Option<&'static Lexicon>,
    w: Option<Window<'a>>,
    /// Markers of the ranges already read: a sentence is asked about once
    /// per date it holds, a clause once per trigger.
    memo: RefCell<FxHashMap<(usize, usize), Vec<Marker>>>,
}

impl<'a> Tenses<'a> {
    pub fn new(a: &'a Analysis) -> Self {
        let lex = lexicon::for_lang(a.language());
        Tenses {
            a,
            lex,
            w: lex.map(|l| Window::new(l, a, 0..a.tokens.len())),
            // Sized for a report's clauses and sentences up front: grown
            // from empty it was rehashed several times per document.
            memo: RefCell::new(FxHashMap::with_capacity_and_hasher(32, Default::default())),
        }
    }

    fn scan(&self, range: Range<usize>) -> Option<Scan<'_>> {
        let (lex, w) = (self.lex?, self.w.as_ref()?);
        Some(Scan {
            lang: self.a.language(),
            lex,
            w: w.slice(range.clone()),
            tokens: &self.a.tokens[range.clone()],
            base: range.start,
        })
    }

    /// `f` of the markers of `range` and the range's first token.
    fn with_markers<R>(
        &self,
        range: Range<usize>,
        f: impl FnOnce(&[Marker], usize) -> R,
    ) -> Option<R> {
        let range = clamp(self.a, range);
        let key = (range.start, range.end);
        if let Some(m) = self.memo.borrow().get(&key) {
            return Some(f(m, range.start));
        }
        let m = self.scan(range.clone())?.markers();
        let r = f(&m, range.start);
        self.memo.borrow_mut().insert(key, m);
        Some(r)
    }

    /// The document's window, for other scans of the same words.
    pub(crate) fn window(&self) -> Option<&Window<'a>> {
        self.w.as_ref()
    }

    /// [`tense`] of `tokens`.
    pub fn tense(&self, tokens: Range<usize>) -> Tense {
        self.with_markers(tokens, |m, _| first_tense(m))
            .unwrap_or(Tense::Past)
    }

    /// [`tense_near`] of `tokens` and `focus`.
    pub fn tense_near(&self, tokens: Range<usize>, focus: usize) -> Tense {
        self.with_markers(tokens, |m, base| {
            nearest_tense(m, focus.saturating_sub(base))
        })
        .unwrap_or(Tense::Past)
    }
}

/// `range` inside the tokens of `a`; a reversed range is empty (it used to
/// panic when sliced).
fn clamp(a: &Analysis, range: Range<usize>) -> Range<usize> {
    let end = range.end.min(a.tokens.len());
    range.start.min(end)..end
}

fn scan(a: &Analysis, range: Range<usize>) -> Option<Scan<'_>> {
    let range = clamp(a, range);
    let lex = lexicon::for_lang(a.language())?;
    Some(Scan {
        lang: a.language(),
        lex,
        w: Window::new(lex, a, range.clone()),
        tokens: &a.tokens[range.clone()],
        base: range.start,
    })
}

impl Scan<'_> {
    fn tense(&self) -> Tense {
        first_tense(&self.markers())
    }

    fn tense_near(&self, focus: usize) -> Tense {
        nearest_tense(&self.markers(), focus.saturating_sub(self.base))
    }
}

/// The first strong marker, else the first marker.
fn first_tense(m: &[Marker]) -> Tense {
    m.iter()
        .find(|m| m.strong)
        .or(m.first())
        .map_or(Tense::Past, |m| m.tense)
}

/// The strong marker nearest to token `focus` (counted from the scan's
/// start), else the nearest marker.
fn nearest_tense(m: &[Marker], focus: usize) -> Tense {
    let dist = |m: &Marker| {
        if m.pos <= focus {
            2 * (focus - m.pos)
        } else {
            2 * (m.pos - focus) + 1
        }
    };
    m.iter()
        .filter(|m| m.strong)
        .min_by_key(|m| dist(m))
        .or_else(|| m.iter().min_by_key(|m| dist(m)))
        .map_or(Tense::Past, |m| m.tense)
}

/// Tense of the clause or sentence covering `tokens`: its first strong
/// marker (an auxiliary with its verb, a listed form), else its first verb
/// ending, else `Past` (news tells past events unless it says otherwise).
pub fn tense(a: &Analysis, tokens: Range<usize>) -> Tense {
    scan(a, tokens).map_or(Tense::Past, |s| s.tense())
}

/// Tense of the verb governing token `focus` inside `tokens`: the strong
/// marker nearest to it (auxiliaries come before their verb, so a marker
/// before the focus wins a tie).
pub fn tense_near(a: &Analysis, tokens: Range<usize>, focus: usize) -> Tense {
    scan(a, tokens).map_or(Tense::Past, |s| s.tense_near(focus))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigie_model::Lang;

    fn t(s: &str, lang: Lang) -> Tense {
        let a = vigie_text::analyse(s, Some(lang));
        tense(&a, 0..a.tokens.len())
    }

    #[test]
    fn french() {
        let fr = Lang::Fr;
        assert_eq!(t("Le CSP avait attaqué le camp.", fr), Tense::Pluperfect);
        assert_eq!(
            t("Les deux camps avaient fait état de morts.", fr),
            Tense::Pluperfect
        );
        assert_eq!(
            t("Les assaillants se sont retirés de Léré.", fr),
            Tense::Past
        );
        assert_eq!(t("L'armée a repoussé l'attaque.", fr), Tense::Past);
        assert_eq!(t("L'armée prévoit une opération.", fr), Tense::Future);
        assert_eq!(t("Le scrutin sera organisé en octobre.", fr), Tense::Future);
        assert_eq!(t("Les rebelles vont attaquer Kidal.", fr), Tense::Future);
        assert_eq!(t("L'attaque pourrait reprendre.", fr), Tense::Conditional);
        assert_eq!(t("Le chef aurait été tué dimanche.", fr), Tense::Past);
        assert_eq!(t("Il avait 20 ans.", fr), Tense::Past);
        assert_eq!(
            t(
                "Le porte-parole a déclaré que les rebelles attaqueront.",
                fr
            ),
            Tense::Future
        );
        assert_eq!(
            t("Le groupe se trouve toujours à Ménaka.", fr),
            Tense::Present
        );
    }

    #[test]
    fn english() {
        let en = Lang::En;
        assert_eq!(t("Militants had attacked the base.", en), Tense::Pluperfect);
        assert_eq!(
            t("They had already seized the town.", en),
            Tense::Pluperfect
        );
        assert_eq!(t("Gunmen killed 12 soldiers.", en), Tense::Past);
        assert_eq!(t("The junta will hold talks.", en), Tense::Future);
        assert_eq!(t("The army plans to retake the town.", en), Tense::Future);
        assert_eq!(t("The fighting could spread.", en), Tense::Conditional);
        assert_eq!(
            t("The army said militants would attack.", en),
            Tense::Conditional
        );
        assert_eq!(
            t("Fighting is continuing in the north.", en),
            Tense::Present
        );
        assert_eq!(t("Protests were held on May 12.", en), Tense::Past);
        assert_eq!(
            t("Troops raid a base to free hostages taken on 23 May.", en),
            Tense::Past
        );
        assert_eq!(t("Talks took place in May.", en), Tense::Past);
    }

    #[test]
    // Reversed on purpose: callers compute ranges that can come out so.
    #[allow(clippy::reversed_empty_ranges)]
    fn reversed_or_outside_ranges_read_as_past() {
        let a = vigie_text::analyse(
            "Des hommes armés avaient attaqué le village.",
            Some(Lang::Fr),
        );
        let n = a.tokens.len();
        assert_eq!(tense(&a, 5..2), Tense::Past);
        assert_eq!(tense_near(&a, n + 3..n + 9, n + 4), Tense::Past);
        let t = Tenses::new(&a);
        assert_eq!(t.tense(5..2), Tense::Past);
        assert_eq!(t.tense(0..n), tense(&a, 0..n));
    }

    #[test]
    fn nearest_marker() {
        let s = "Le CSP avait attaqué dimanche et les assaillants se sont retirés lundi.";
        let a = vigie_text::analyse(s, Some(Lang::Fr));
        let n = a.tokens.len();
        let lundi = (0..n).find(|&i| a.norm(i) == "lundi").unwrap();
        let dim = (0..n).find(|&i| a.norm(i) == "dimanche").unwrap();
        assert_eq!(tense_near(&a, 0..n, lundi), Tense::Past);
        assert_eq!(tense_near(&a, 0..n, dim), Tense::Pluperfect);
    }
}
