//! Death tolls: numbers in digits and words attached to who died, coded with
//! ACLED's rules (vague counts, lowest figure, wounded are not dead).

use crate::error::{data_err, ActorError};
use crate::lexicon::{tsv_lines, PhraseSet};
use std::ops::Range;
use std::sync::OnceLock;
use vigie_model::{Lang, Span};
use vigie_text::{Analysis, TokenKind};

pub(crate) const FILE: &str = "fatalities.tsv";

/// What happened to the people counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Killed,
    Injured,
    Missing,
    Abducted,
    Arrested,
    /// "aucune victime", "no casualties": explicitly nobody killed.
    NoneKilled,
}

/// Who the dead were, as far as the words say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Victims {
    Military,
    Civilian,
    Attacker,
    /// "dans ses rangs": the side that reports.
    Own,
    /// "personnes", "morts", no noun: anyone.
    Unknown,
}

/// One figure of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FatalityMention {
    /// ACLED value: "dizaines" = 12, "plus de 70" = 70.
    pub count: u32,
    pub outcome: Outcome,
    pub victims: Victims,
    /// The figure is vague ("plusieurs", "dozens") or bounded ("at least").
    pub approximate: bool,
    /// Part of a total given before it ("dont 5 soldats", "including", or a
    /// share in a breakdown: see `part_of`).
    pub subset: bool,
    /// A share of the figure at this index, in a breakdown by place or day:
    /// "au moins huit morts, trois lundi à Kayes et cinq mardi à Nioro".
    /// [`combine`] counts the total, not its shares; an event coded per
    /// place or day takes its share.
    pub part_of: Option<usize>,
    /// The words the figure came from, number to outcome word.
    pub span: Span,
    pub tokens: Range<usize>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Number(u32),
    Times(u32),
    Vague(u32),
    Modifier,
    Outcome(Outcome),
    Toll,
    Subset,
    Victim(Victims),
    /// Ends the reach of a figure ("two witnesses said the driver died").
    Stop,
    /// Restates the figure before: "soit", "i.e.".
    Restate,
}

/// The fatality lexicon (`data/actors/fatalities.tsv`).
pub struct Fatalities {
    phrases: PhraseSet<Role>,
}

impl std::fmt::Debug for Fatalities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fatalities")
    }
}

/// Numbers above this are not death tolls (years, ids).
pub(crate) const MAX_COUNT: u32 = 100_000;
const AFTER_WINDOW: usize = 7;
const BEFORE_WINDOW: usize = 10;
/// Words that may follow a bare count ("killing 15 in the village").
const NEXT_OK: &[&str] = &[
    "et",
    "and",
    "in",
    "dans",
    "a",
    "au",
    "aux",
    "en",
    "on",
    "lors",
    "during",
    "at",
    "le",
    "the",
    "sur",
    "pres",
    "near",
    "selon",
    "according",
    "last",
    "this",
    "ce",
    "cette",
    "since",
    "depuis",
];

impl Fatalities {
    pub fn from_source(content: &str) -> Result<Fatalities, ActorError> {
        let mut phrases = PhraseSet::default();
        for l in tsv_lines(content) {
            let phrase = l.fields[0];
            let role_s = l.fields.get(1).copied().unwrap_or("");
            let value = || -> Result<u32, ActorError> {
                l.fields
                    .get(2)
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| data_err(FILE, l.no, "this role needs a number in column 3"))
            };
            let role = match role_s {
                "number" => Role::Number(value()?),
                "times" => Role::Times(value()?),
                "vague" => Role::Vague(value()?),
                "modifier" => Role::Modifier,
                "killed" => Role::Outcome(Outcome::Killed),
                "injured" => Role::Outcome(Outcome::Injured),
                "missing" => Role::Outcome(Outcome::Missing),
                "abducted" => Role::Outcome(Outcome::Abducted),
                "arrested" => Role::Outcome(Outcome::Arrested),
                "zero" => Role::Outcome(Outcome::NoneKilled),
                "toll" => Role::Toll,
                "subset" => Role::Subset,
                "victim:military" => Role::Victim(Victims::Military),
                "victim:civilian" => Role::Victim(Victims::Civilian),
                "victim:attacker" => Role::Victim(Victims::Attacker),
                "victim:own" => Role::Victim(Victims::Own),
                "victim:people" => Role::Victim(Victims::Unknown),
                "stop" => Role::Stop,
                "restate" => Role::Restate,
                other => {
                    return Err(data_err(FILE, l.no, format!("unknown role {other:?}")));
                }
            };
            let wants_value = matches!(role, Role::Number(_) | Role::Times(_) | Role::Vague(_));
            if !wants_value && l.fields.len() > 2 && !l.fields[2].is_empty() {
                return Err(data_err(FILE, l.no, "only numbers take a value"));
            }
            phrases.insert(phrase, role, FILE, l.no)?;
        }
        Ok(Fatalities { phrases })
    }

    pub fn bundled() -> Result<Fatalities, ActorError> {
        Fatalities::from_source(crate::BUNDLED_FATALITIES)
    }

    /// The bundled lexicon, loaded once.
    pub fn shared() -> Result<&'static Fatalities, &'static ActorError> {
        static CELL: OnceLock<Result<Fatalities, ActorError>> = OnceLock::new();
        CELL.get_or_init(Fatalities::bundled).as_ref()
    }

    /// Every figure of people killed, wounded, missing, abducted or arrested
    /// in tokens `range` (a sentence or an event's sentences).
    pub fn find(
        &self,
        text: &str,
        a: &Analysis,
        range: Range<usize>,
        _lang: Lang,
    ) -> Vec<FatalityMention> {
        let end = range.end.min(a.tokens.len());
        Scan::new(self, a, range.start..end).find(text, a, range)
    }
}

/// One call of [`Fatalities::find`]: the phrases at each token of the range,
/// looked up once. The reading asks for the role at a token many times
/// (windows before and after each number, number words, modifiers).
pub(crate) struct Scan<'f> {
    lexicon: &'f Fatalities,
    range: Range<usize>,
    /// `at[i - range.start]..at[i - range.start + 1]` indexes `found`.
    at: Vec<u32>,
    /// Phrases at a token, longest first (ties in lookup order), each
    /// within the range: (length in tokens, role).
    found: Vec<(usize, Role)>,
}

impl<'f> Scan<'f> {
    fn new(lexicon: &'f Fatalities, a: &Analysis, range: Range<usize>) -> Scan<'f> {
        let mut at = Vec::with_capacity(range.len() + 1);
        let mut found = Vec::new();
        for i in range.clone() {
            at.push(found.len() as u32);
            let from = found.len();
            lexicon
                .phrases
                .each_at(a, i, range.end, |n, r| found.push((n, *r)));
            // Stable: among phrases of one length the first looked up wins,
            // as in `PhraseSet::longest_at`.
            if found.len() > from + 1 {
                found[from..].sort_by_key(|m| std::cmp::Reverse(m.0));
            }
        }
        at.push(found.len() as u32);
        Scan {
            lexicon,
            range,
            at,
            found,
        }
    }

    /// No phrase of the lexicon starts at token `i`, a token of the range.
    pub(crate) fn starts_nothing(&self, i: usize) -> bool {
        i >= self.range.start
            && i < self.range.end
            && self.at[i - self.range.start] == self.at[i - self.range.start + 1]
    }

    /// The longest phrase at token `i` ending by `end`, as
    /// `PhraseSet::longest_at` gives it.
    pub(crate) fn role_at(&self, a: &Analysis, i: usize, end: usize) -> Option<(usize, Role)> {
        if i < self.range.start || i >= self.range.end || end > self.range.end {
            return self
                .lexicon
                .phrases
                .longest_at(a, i, end)
                .map(|(n, r)| (n, *r));
        }
        let k = i - self.range.start;
        let (from, to) = (self.at[k] as usize, self.at[k + 1] as usize);
        self.found[from..to]
            .iter()
            .copied()
            .find(|&(n, _)| i + n <= end)
    }

    fn find(&self, text: &str, a: &Analysis, range: Range<usize>) -> Vec<FatalityMention> {
        let end = range.end.min(a.tokens.len());
        let mut out = Vec::new();
        // Whether each figure's verb came before its number ("killing 15").
        let mut verb_first_flags: Vec<bool> = Vec::new();
        let mut i = range.start;
        while i < end {
            // Explicit "nobody died".
            if let Some((n, Role::Outcome(Outcome::NoneKilled))) = self.role_at(a, i, end) {
                out.push(self.mention(
                    text,
                    a,
                    0,
                    Outcome::NoneKilled,
                    Victims::Unknown,
                    false,
                    false,
                    i..i + n,
                ));
                verb_first_flags.push(false);
                i += n;
                continue;
            }
            let Some((value, nr, approx)) = self.number_at(text, a, i, end) else {
                i += 1;
                continue;
            };
            let attached = self
                .attach(text, a, &range, end, value, nr.clone(), approx)
                .or_else(|| {
                    // "killing eleven fighters and one gendarme": the verb of the
                    // previous figure governs a figure coordinated with it.
                    let prev = out.last()?;
                    let verb_first = *verb_first_flags.last()?;
                    let noun_follows =
                        matches!(self.role_at(a, nr.end, end), Some((_, Role::Victim(_))));
                    let joined = verb_first
                        && noun_follows
                        && prev.outcome == Outcome::Killed
                        && prev.tokens.end < nr.start
                        && (prev.tokens.end..nr.start)
                            .all(|k| matches!(a.norm(k), "et" | "and" | ","))
                        && nr.start - prev.tokens.end <= 2;
                    if !joined {
                        return None;
                    }
                    let (victims, stop) = match self.role_at(a, nr.end, end) {
                        Some((n, Role::Victim(v))) => (v, nr.end + n),
                        _ => (Victims::Unknown, nr.end),
                    };
                    Some(self.mention(
                        text,
                        a,
                        value,
                        Outcome::Killed,
                        victims,
                        approx,
                        false,
                        nr.start..stop,
                    ))
                });
            let attached = attached.or_else(|| self.share_of(a, &out, &nr, value, approx, text));
            if let Some(m) = attached {
                // Coordinated figures were read with this one.
                let skip_to = if m.tokens.start >= nr.start {
                    m.tokens.end
                } else {
                    nr.end
                };
                let coordinated = (nr.end..skip_to).any(|k| matches!(a.norm(k), "et" | "and"))
                    && (nr.end..skip_to).any(|k| self.number_at(text, a, k, end).is_some());
                verb_first_flags.push(m.tokens.start < nr.start);
                out.push(m);
                i = if coordinated {
                    skip_to
                } else {
                    nr.end.max(i + 1)
                };
            } else {
                i = nr.end.max(i + 1);
            }
        }
        out
    }

    /// "huit morts, trois lundi à Kayes et cinq mardi à Nioro": a bare
    /// number right after a toll, or after a share of it, is a share.
    fn share_of(
        &self,
        a: &Analysis,
        out: &[FatalityMention],
        nr: &Range<usize>,
        value: u32,
        approx: bool,
        text: &str,
    ) -> Option<FatalityMention> {
        let (pi, prev) = out.iter().enumerate().next_back()?;
        if prev.outcome != Outcome::Killed || prev.tokens.end > nr.start {
            return None;
        }
        let gap: Vec<&str> = (prev.tokens.end..nr.start).map(|k| a.norm(k)).collect();
        let total = prev.part_of.unwrap_or(pi);
        let ok = match prev.part_of {
            // Right after the total: "dix morts, cinq ..." / "dix morts : cinq ...".
            None => matches!(
                gap.as_slice(),
                [","] | [":"] | ["("] | ["dont"] | ["including"]
            ),
            // After a share: "... à Kayes et cinq ...", "..., five in Gao".
            Some(_) => {
                gap.len() <= 8
                    && matches!(gap.last(), Some(&("et" | "and" | ",")))
                    && !gap.iter().any(|g| matches!(*g, "." | ";"))
            }
        };
        if !ok || value > out[total].count {
            return None;
        }
        // The share runs to the end of its clause (its place and day).
        let sentence_end = a
            .sentence_of(nr.start)
            .and_then(|s| a.sentences.get(s))
            .map(|s| s.tokens.end)
            .unwrap_or(nr.end);
        let mut stop = nr.end;
        while stop < sentence_end
            && stop < nr.end + 8
            && !matches!(a.norm(stop), "," | ";" | "." | "et" | "and" | ")")
        {
            stop += 1;
        }
        let mut m = self.mention(
            text,
            a,
            value,
            Outcome::Killed,
            out[total].victims,
            approx,
            false,
            nr.start..stop,
        );
        m.part_of = Some(total);
        m.subset = true;
        Some(m)
    }

    #[allow(clippy::too_many_arguments)]
    fn attach(
        &self,
        text: &str,
        a: &Analysis,
        range: &Range<usize>,
        end: usize,
        value: u32,
        nr: Range<usize>,
        approx: bool,
    ) -> Option<FatalityMention> {
        let sentence_end = a
            .sentence_of(nr.start)
            .and_then(|s| a.sentences.get(s))
            .map(|s| s.tokens.end.min(end))
            .unwrap_or(end);
        let sentence_start = a
            .sentence_of(nr.start)
            .and_then(|s| a.sentences.get(s))
            .map(|s| s.tokens.start.max(range.start))
            .unwrap_or(range.start);
        // After the number: "quatorze soldats tués", "10 morts", "8 dead were counted".
        let mut victims: Option<(Victims, usize)> = None;
        let mut outcome: Option<(Outcome, usize)> = None;
        let mut extra: u32 = 0;
        let mut victim_at = usize::MAX;
        let mut coord_end = 0usize;
        let mut k = nr.end;
        let mut limit = (nr.end + AFTER_WINDOW).min(sentence_end);
        while k < limit {
            let norm = a.norm(k);
            if norm == "(" {
                // "Six members (all from one village) were killed": skip the aside.
                if let Some(close) =
                    (k + 1..limit.max(k + 6).min(sentence_end)).find(|&c| a.norm(c) == ")")
                {
                    limit = (limit + close + 1 - k).min(sentence_end);
                    k = close + 1;
                    continue;
                }
                break;
            }
            if matches!(norm, "," | ";" | ":" | ")" | "/") {
                break;
            }
            // "killing 2 soldiers and wounding several": the next clause is
            // another figure's, unless a coordinated number follows.
            if matches!(norm, "et" | "and" | "or" | "ou") && k >= nr.end {
                let other_figure = (k + 1..(k + 3).min(sentence_end)).any(|j| {
                    matches!(self.role_at(a, j, sentence_end), Some((_, Role::Outcome(o))) if o != Outcome::Killed)
                });
                if other_figure {
                    break;
                }
            }
            if matches!(self.role_at(a, k, sentence_end), Some((_, Role::Stop))) {
                break;
            }
            // "a man travelling aboard a motorbike was killed": once the
            // person is named, a later article is part of the description.
            if k > nr.end
                && victims.is_some()
                && outcome.is_none()
                && matches!(norm, "a" | "an" | "un" | "une")
            {
                k += 1;
                continue;
            }
            if k > nr.end {
                if let Some((other_value, other, _)) = self.number_at(text, a, k, sentence_end) {
                    // "Twelve soldiers from Mali and three from Burkina Faso
                    // were killed": coordinated figures share the verb after them.
                    if matches!(a.norm(k - 1), "et" | "and")
                        && outcome.is_none()
                        && victims.is_some()
                    {
                        extra = extra.saturating_add(other_value);
                        coord_end = other.end;
                        limit = (other.end + AFTER_WINDOW).min(sentence_end);
                        k = other.end;
                        continue;
                    }
                    break;
                }
            }
            match self.role_at(a, k, sentence_end) {
                Some((n, Role::Outcome(o))) if o != Outcome::NoneKilled => {
                    outcome = Some((o, k + n));
                    break;
                }
                Some((n, Role::Victim(v))) => {
                    if victims.is_none() {
                        victims = Some((v, k + n));
                        victim_at = k;
                    }
                    k += n;
                }
                Some((n, _)) => k += n,
                None => k += 1,
            }
        }
        let victims_after = victims.is_some();
        // An article counts one only before a person: "a soldier", "an
        // elderly man", not "an airstrike".
        let article = nr.len() == 1 && matches!(a.norm(nr.start), "a" | "an" | "un" | "une");
        let verb_right_before = nr.start > 0
            && matches!(self.role_at(a, nr.start - 1, nr.start), Some((_, Role::Outcome(o))) if o != Outcome::NoneKilled);
        let capitalised = a.tokens.get(nr.end).is_some_and(|t| {
            t.span
                .slice(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        });
        if article && victim_at > nr.end + 1 && !(verb_right_before && capitalised) {
            return None;
        }
        let mut start = nr.start;
        let mut stop = nr.end;
        let mut subset = false;
        if let Some((_, e)) = outcome {
            stop = e;
        } else if let Some((_, e)) = victims {
            stop = e;
        }
        // Before the number: "killing 15 people", "bilan de 10 morts", "toll at 14".
        let mut b = nr.start;
        let restates = nr.start > 0
            && matches!(
                self.role_at(a, nr.start - 1, nr.start),
                Some((_, Role::Restate))
            );
        let reach = if restates {
            BEFORE_WINDOW + 6
        } else {
            BEFORE_WINDOW
        };
        let floor = nr.start.saturating_sub(reach).max(sentence_start);
        let mut before_outcome: Option<(Outcome, usize)> = None;
        let mut restated = false;
        let mut toll = false;
        while b > floor {
            b -= 1;
            let norm = a.norm(b);
            if matches!(norm, ";" | ":") || a.tokens[b].kind == TokenKind::Number {
                break;
            }
            if let Some((n, role)) = self.role_at(a, b, nr.start) {
                match role {
                    // "tué de nombreux villageois, soit 41 personnes": the
                    // figure restates the one before and shares its verb.
                    Role::Restate if b + n == nr.start => restated = true,
                    Role::Subset if b + n + 3 >= nr.start => subset = true,
                    Role::Outcome(o) if o != Outcome::NoneKilled && before_outcome.is_none() => {
                        before_outcome = Some((o, b));
                    }
                    Role::Toll if before_outcome.is_none() => {
                        toll = true;
                        before_outcome = Some((Outcome::Killed, b));
                    }
                    // "Gunmen kill 137": a verb of killing between the
                    // noun and the figure makes the noun its subject.
                    Role::Victim(v)
                        if victims.is_none()
                            && b + n + 4 >= nr.start
                            && (before_outcome.is_none() || toll) =>
                    {
                        victims = Some((v, b));
                    }
                    _ => {}
                }
            }
        }
        // A multi-word cue read backwards starts earlier: "death toll".
        if let Some((o, pos)) = before_outcome {
            let from = pos.saturating_sub(3).max(sentence_start);
            if let Some(p) = (from..pos).find(|&p| {
                self.role_at(a, p, nr.start)
                    .is_some_and(|(n, r)| p + n > pos && matches!(r, Role::Toll | Role::Outcome(_)))
            }) {
                before_outcome = Some((o, p));
            }
        }
        // "bilan de 10 morts": a toll word just before belongs to the figure.
        if outcome.is_some() && toll {
            if let Some((_, pos)) = before_outcome {
                let adjacent = self
                    .role_at(a, pos, nr.start)
                    .is_some_and(|(n, _)| pos + n == nr.start);
                if adjacent {
                    start = pos;
                }
            }
        }
        let outcome = match (outcome, before_outcome) {
            (Some((o, _)), _) => o,
            (None, Some((o, pos))) => {
                // A verb before the number is its object only when close
                // ("killing 15 people") or through "to"/"à" ("rose to 31");
                // a toll word reads further ("death toll at 9").
                let cue_end = self
                    .role_at(a, pos, nr.start)
                    .map_or(pos + 1, |(n, _)| pos + n);
                let close = cue_end + 2 >= nr.start;
                let through = nr.start > 0
                    && matches!(a.norm(nr.start - 1), "to" | "at" | "a" | "de")
                    && victims.is_none();
                if !toll && !close && !through && !restated {
                    return None;
                }
                // The number is a count only if a noun of victims, or no
                // noun at all, follows: not "abattu un avion".
                if nr.end < sentence_end && matches!(a.norm(nr.end), "/" | "h" | "%" | "-") {
                    return None;
                }
                if !victims_after && !verb_right_before && nr.end < sentence_end {
                    let next = a.norm(nr.end);
                    let word = a.tokens[nr.end].kind == TokenKind::Word;
                    if word && !NEXT_OK.contains(&next) {
                        return None;
                    }
                }
                start = pos.min(start);
                if let Some((_, p)) = victims {
                    start = start.min(p);
                }
                if restated {
                    start = nr.start;
                }
                o
            }
            (None, None) => {
                // "46 terroristes neutralisés" has its verb; a noun alone after
                // a figure ("12 soldats") is not a toll.
                return None;
            }
        };
        if extra > 0 {
            stop = stop.max(coord_end);
            if let Some((n, Role::Victim(_))) = self.role_at(a, coord_end, sentence_end) {
                stop = stop.max(coord_end + n);
            }
        }
        let value = if outcome == Outcome::Killed {
            value.saturating_add(extra)
        } else {
            value
        };
        let v = victims.map(|(v, _)| v).unwrap_or(Victims::Unknown);
        let v = if victims.is_none() {
            self.context_victims(a, nr.start, sentence_start, sentence_end, stop)
        } else {
            v
        };
        Some(self.mention(text, a, value, outcome, v, approx, subset, start..stop))
    }

    /// "parmi les FAMa", "dans ses rangs", "among the attackers".
    fn context_victims(
        &self,
        a: &Analysis,
        at: usize,
        s_start: usize,
        s_end: usize,
        after: usize,
    ) -> Victims {
        let mut k = after;
        let lim = (after + 8).min(s_end);
        while k < lim {
            if let Some((_, nr, _)) = self.number_at_plain(a, k, s_end) {
                // Another figure with its own noun ends this one's reach.
                if let Some((_, Role::Victim(_))) = self.role_at(a, nr.end, s_end) {
                    break;
                }
                k = nr.end;
                continue;
            }
            if let Some((_, Role::Victim(v))) = self.role_at(a, k, s_end) {
                return v;
            }
            k += 1;
        }
        let mut b = at;
        let floor = at.saturating_sub(6).max(s_start);
        while b > floor {
            b -= 1;
            if a.tokens[b].kind == TokenKind::Number {
                break;
            }
            match self.role_at(a, b, at) {
                Some((_, Role::Victim(v))) => return v,
                // "Gunmen kill 137": the noun before the verb is its
                // subject.
                Some((_, Role::Outcome(o))) if o != Outcome::NoneKilled => break,
                _ => {}
            }
        }
        Victims::Unknown
    }

    #[allow(clippy::too_many_arguments)]
    fn mention(
        &self,
        text: &str,
        a: &Analysis,
        count: u32,
        outcome: Outcome,
        victims: Victims,
        approximate: bool,
        subset: bool,
        tokens: Range<usize>,
    ) -> FatalityMention {
        let span = a.tokens_span(tokens.clone()).unwrap_or(Span::new(0, 0));
        FatalityMention {
            count,
            outcome,
            victims,
            approximate,
            subset,
            part_of: None,
            span,
            tokens,
            text: span.slice(text).to_string(),
        }
    }
}

/// Figures of the bundled lexicon in tokens `range` (see [`Fatalities::find`]).
pub fn fatalities(
    text: &str,
    a: &Analysis,
    range: Range<usize>,
    lang: Lang,
) -> Vec<FatalityMention> {
    match Fatalities::shared() {
        Ok(f) => f.find(text, a, range, lang),
        Err(_) => Vec::new(),
    }
}
