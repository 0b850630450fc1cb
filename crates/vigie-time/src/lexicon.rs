//! Language resources: the words of dates and tenses, read from the data
//! files (`data/fr.txt`, `data/en.txt`) and matched over folded tokens.
//!
//! The engine knows categories ("a month", "a weekday modifier", "a
//! pluperfect auxiliary"); the words that fill them belong to the language
//! files, so adding a language is adding a file.

use crate::TimeError;
use std::borrow::Cow;
use std::sync::OnceLock;
use vigie_model::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartOfDay {
    Morning,
    Afternoon,
    Evening,
    Night,
    Day,
}

impl PartOfDay {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "morning" => PartOfDay::Morning,
            "afternoon" => PartOfDay::Afternoon,
            "evening" => PartOfDay::Evening,
            "night" => PartOfDay::Night,
            "day" => PartOfDay::Day,
            _ => return None,
        })
    }

    /// Whether a clock time in the small hours after this part of the day
    /// falls on the next calendar day.
    pub fn is_late(self) -> bool {
        matches!(
            self,
            PartOfDay::Afternoon | PartOfDay::Evening | PartOfDay::Night
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    Last,
    Next,
    This,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Early,
    Mid,
    Late,
}

/// What a phrase of the language files means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Month(u32),
    MonthAmbiguous,
    Weekday(u32),
    WeekdayAmbiguous,
    Today(i64),
    TodayPart(i64, PartOfDay),
    Anchor(i64),
    AnchorOf,
    Later,
    Earlier,
    Part(PartOfDay),
    Mod(Modifier),
    AgoPrefix,
    AgoSuffix,
    Unit(Unit),
    Number(i64),
    Exactly,
    WeekRel(i64),
    MonthRel(i64),
    YearRel(i64),
    Period(Period),
    MonthCue,
    Night,
    RangeFrom,
    RangeTo,
    Hour,
    ClockCue,
    Meridian {
        pm: bool,
    },
    Filler,
    Weekend,
    Ordinal,
    Article,
    Demonstrative,
    Determiner,
    Byline,
    Since,
    /// A word that opens the story of a long state ("depuis le début des
    /// violences en 2015"): see [`ends_since_phrase`].
    StoryStart,
    AuxPluperfect,
    AuxPast,
    AuxReportedPast,
    AuxFuture,
    Future,
    Conditional,
    Past,
    Present,
    Report,
    Adverb,
    NotParticiple,
    Participle,
}

impl Entry {
    /// One bit per kind of entry, payload aside: a word's phrases carry
    /// the union of their kinds, so asking a word for a kind it has no
    /// phrase of costs one test.
    #[inline]
    pub const fn kind_bit(self) -> u64 {
        let k = match self {
            Entry::Month(_) => 0,
            Entry::MonthAmbiguous => 1,
            Entry::Weekday(_) => 2,
            Entry::WeekdayAmbiguous => 3,
            Entry::Today(_) => 4,
            Entry::TodayPart(..) => 5,
            Entry::Anchor(_) => 6,
            Entry::AnchorOf => 7,
            Entry::Later => 8,
            Entry::Earlier => 9,
            Entry::Part(_) => 10,
            Entry::Mod(_) => 11,
            Entry::AgoPrefix => 12,
            Entry::AgoSuffix => 13,
            Entry::Unit(_) => 14,
            Entry::Number(_) => 15,
            Entry::Exactly => 16,
            Entry::WeekRel(_) => 17,
            Entry::MonthRel(_) => 18,
            Entry::YearRel(_) => 19,
            Entry::Period(_) => 20,
            Entry::MonthCue => 21,
            Entry::Night => 22,
            Entry::RangeFrom => 23,
            Entry::RangeTo => 24,
            Entry::Hour => 25,
            Entry::ClockCue => 26,
            Entry::Meridian { .. } => 27,
            Entry::Filler => 28,
            Entry::Weekend => 29,
            Entry::Ordinal => 30,
            Entry::Article => 31,
            Entry::Demonstrative => 32,
            Entry::Determiner => 33,
            Entry::Byline => 34,
            Entry::Since => 35,
            Entry::AuxPluperfect => 36,
            Entry::AuxPast => 37,
            Entry::AuxReportedPast => 38,
            Entry::AuxFuture => 39,
            Entry::Future => 40,
            Entry::Conditional => 41,
            Entry::Past => 42,
            Entry::Present => 43,
            Entry::Report => 44,
            Entry::Adverb => 45,
            Entry::NotParticiple => 46,
            Entry::Participle => 47,
            Entry::StoryStart => 48,
        };
        1 << k
    }
}

/// The union of the kinds of `entries` (payloads do not matter).
pub const fn kinds(entries: &[Entry]) -> u64 {
    let mut m = 0;
    let mut i = 0;
    while i < entries.len() {
        m |= entries[i].kind_bit();
        i += 1;
    }
    m
}

/// The kinds only tense reading asks about: date recognition never looks
/// them up.
pub const TENSE_KINDS: u64 = kinds(&[
    Entry::AuxPluperfect,
    Entry::AuxPast,
    Entry::AuxReportedPast,
    Entry::AuxFuture,
    Entry::Future,
    Entry::Conditional,
    Entry::Past,
    Entry::Present,
    Entry::Report,
    Entry::Adverb,
    Entry::NotParticiple,
    Entry::Participle,
]);

/// The phrases starting with one word, longest first, and the kinds of
/// their entries.
#[derive(Debug, Default)]
pub struct Phrases {
    items: Vec<(Vec<String>, Entry)>,
    kinds: u64,
}

static NO_PHRASES: Phrases = Phrases {
    items: Vec::new(),
    kinds: 0,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuffixKind {
    Past,
    Future,
    Conditional,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    /// The phrases by first folded token: (remaining tokens, meaning),
    /// longest first.
    lists: Vec<Phrases>,
    /// First folded token -> its index in `lists`.
    phrases: rustc_hash::FxHashMap<String, u32>,
    /// The same for tokens of up to 7 bytes, keyed by
    /// [`vigie_text::short_key`]: most words of a text are short, and an
    /// integer is hashed and compared without a loop or a call.
    short: rustc_hash::FxHashMap<u64, u32>,
    /// The keys of `phrases`: most words of a text start no phrase, and
    /// this tells most of them apart without hashing them.
    first_words: vigie_text::WordFilter,
    suffixes: Vec<(String, SuffixKind)>,
    /// Indices into `suffixes` by their last byte, in file order: a word is
    /// compared with the suffixes it may end with only.
    suffix_by_last: Vec<Vec<u32>>,
    /// An empty suffix (which any word ends with) disables the index.
    empty_suffix: bool,
}

impl Lexicon {
    #[inline]
    fn phrases_of(&self, w: &str) -> &Phrases {
        if !self.first_words.may_contain(w) {
            return &NO_PHRASES;
        }
        let idx = match vigie_text::short_key(w) {
            Some(k) => self.short.get(&k),
            None => self.phrases.get(w),
        };
        idx.map_or(&NO_PHRASES, |&i| &self.lists[i as usize])
    }

    /// The entries of `list` (phrases starting with token `i`) whose
    /// remaining tokens follow in `norms`.
    pub fn matching<'a>(
        list: &'a [(Vec<String>, Entry)],
        norms: &'a [&'a str],
        i: usize,
    ) -> impl Iterator<Item = (usize, Entry)> + 'a {
        list.iter().filter_map(move |(rest, e)| {
            let end = i + 1 + rest.len();
            if end > norms.len() {
                return None;
            }
            rest.iter()
                .zip(&norms[i + 1..end])
                .all(|(a, b)| a == b)
                .then_some((1 + rest.len(), *e))
        })
    }

    /// The longest phrase of `list` (those starting with token `i`) whose
    /// entry `f` accepts; the entry is checked before the words, which is
    /// cheaper.
    pub fn find_in<T>(
        list: &[(Vec<String>, Entry)],
        norms: &[&str],
        i: usize,
        mut f: impl FnMut(Entry) -> Option<T>,
    ) -> Option<(usize, T)> {
        list.iter().find_map(|(rest, e)| {
            let t = f(*e)?;
            let end = i + 1 + rest.len();
            (end <= norms.len() && rest.iter().zip(&norms[i + 1..end]).all(|(a, b)| a == b))
                .then_some((1 + rest.len(), t))
        })
    }

    pub fn has(&self, norms: &[&str], i: usize, e: Entry) -> Option<usize> {
        let p = norms.get(i).map_or(&NO_PHRASES, |w| self.phrases_of(w));
        if p.kinds & e.kind_bit() == 0 {
            return None;
        }
        Self::find_in(&p.items, norms, i, |x| (x == e).then_some(())).map(|(n, _)| n)
    }

    /// The verb-ending class of a single word ("attaquera" -> future).
    #[inline]
    pub fn suffix(&self, word: &str) -> Option<SuffixKind> {
        let fits = |(s, _): &&(String, SuffixKind)| {
            word.len() >= s.len() + 3 && word.ends_with(s.as_str())
        };
        if self.empty_suffix {
            return self.suffixes.iter().find(fits).map(|(_, k)| *k);
        }
        let last = *word.as_bytes().last()?;
        self.suffix_by_last
            .get(usize::from(last))?
            .iter()
            .map(|&i| &self.suffixes[i as usize])
            .find(fits)
            .map(|(_, k)| *k)
    }

    fn add(&mut self, tokens: Vec<String>, e: Entry) {
        let mut it = tokens.into_iter();
        let Some(first) = it.next() else { return };
        let rest: Vec<String> = it.collect();
        self.first_words.insert(&first);
        let idx = match self.phrases.get(&first) {
            Some(&i) => i,
            None => {
                let i = self.lists.len() as u32;
                self.lists.push(Phrases::default());
                if let Some(k) = vigie_text::short_key(&first) {
                    self.short.insert(k, i);
                }
                self.phrases.insert(first, i);
                i
            }
        };
        let v = &mut self.lists[idx as usize];
        if !v.items.iter().any(|(r, x)| *r == rest && *x == e) {
            v.items.push((rest, e));
            v.items.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
            v.kinds |= e.kind_bit();
        }
    }

    /// Parses one language file into this lexicon.
    pub fn load(&mut self, file: &str, source: &str) -> Result<(), TimeError> {
        for (n, raw) in source.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| TimeError::Data {
                file: file.to_string(),
                line: n + 1,
                message,
            };
            let (head, body) = line
                .split_once(':')
                .ok_or_else(|| err("expected `category [value]: phrase | ...`".into()))?;
            let mut hw = head.split_whitespace();
            let cat = hw.next().ok_or_else(|| err("missing category".into()))?;
            let args: Vec<&str> = hw.collect();
            let phrases: Vec<&str> = body
                .split('|')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            if phrases.is_empty() {
                return Err(err(format!("`{cat}` has no phrase")));
            }
            if cat == "suffix" {
                let kind = match args.as_slice() {
                    ["past"] => SuffixKind::Past,
                    ["future"] => SuffixKind::Future,
                    ["conditional"] => SuffixKind::Conditional,
                    _ => return Err(err("suffix needs past, future or conditional".into())),
                };
                for p in phrases {
                    let folded = vigie_text::fold_str(p);
                    match folded.as_bytes().last() {
                        Some(&b) => {
                            if self.suffix_by_last.is_empty() {
                                self.suffix_by_last = vec![Vec::new(); 256];
                            }
                            self.suffix_by_last[usize::from(b)].push(self.suffixes.len() as u32);
                        }
                        None => self.empty_suffix = true,
                    }
                    self.suffixes.push((folded, kind));
                }
                continue;
            }
            let entry = parse_entry(cat, &args).map_err(err)?;
            for p in phrases {
                let toks = fold_tokens(p);
                if toks.is_empty() {
                    return Err(err(format!("phrase {p:?} folds to nothing")));
                }
                self.add(toks, entry);
            }
        }
        Ok(())
    }
}

/// Folds a dictionary phrase into tokens the way the text is tokenised; a
/// word ending in an apostrophe ("d'", "l'") stays one elided token.
fn fold_tokens(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in p.split_whitespace() {
        let f = vigie_text::fold_str(w);
        if f.len() > 1 && f.ends_with('\'') {
            out.push(f);
        } else {
            out.extend(vigie_text::fold_phrase(w).split(' ').map(str::to_string));
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

fn int(args: &[&str], i: usize, what: &str) -> Result<i64, String> {
    args.get(i)
        .ok_or_else(|| format!("missing {what}"))?
        .parse()
        .map_err(|_| format!("{what} must be an integer"))
}

fn no_args(args: &[&str], cat: &str) -> Result<(), String> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(format!("`{cat}` takes no value"))
    }
}

fn parse_entry(cat: &str, args: &[&str]) -> Result<Entry, String> {
    let simple = |e: Entry| no_args(args, cat).map(|_| e);
    match cat {
        "month" => {
            let m = int(args, 0, "month number")?;
            if !(1..=12).contains(&m) {
                return Err("month number must be 1-12".into());
            }
            Ok(Entry::Month(m as u32))
        }
        "weekday" => {
            let d = int(args, 0, "weekday number")?;
            if !(1..=7).contains(&d) {
                return Err("weekday number must be 1 (Monday) to 7 (Sunday)".into());
            }
            Ok(Entry::Weekday(d as u32))
        }
        "today" => Ok(Entry::Today(int(args, 0, "day offset")?)),
        "today_part" => {
            let off = int(args, 0, "day offset")?;
            let part = args
                .get(1)
                .and_then(|p| PartOfDay::parse(p))
                .ok_or("today_part needs an offset and morning|afternoon|evening|night|day")?;
            Ok(Entry::TodayPart(off, part))
        }
        "anchor" => Ok(Entry::Anchor(int(args, 0, "day offset")?)),
        "part" => args
            .first()
            .and_then(|p| PartOfDay::parse(p))
            .map(Entry::Part)
            .ok_or_else(|| "part needs morning|afternoon|evening|night|day".into()),
        "mod" => match args {
            ["last"] => Ok(Entry::Mod(Modifier::Last)),
            ["next"] => Ok(Entry::Mod(Modifier::Next)),
            ["this"] => Ok(Entry::Mod(Modifier::This)),
            _ => Err("mod needs last, next or this".into()),
        },
        "unit" => match args {
            ["day"] => Ok(Entry::Unit(Unit::Day)),
            ["week"] => Ok(Entry::Unit(Unit::Week)),
            ["month"] => Ok(Entry::Unit(Unit::Month)),
            ["year"] => Ok(Entry::Unit(Unit::Year)),
            _ => Err("unit needs day, week, month or year".into()),
        },
        "period" => match args {
            ["early"] => Ok(Entry::Period(Period::Early)),
            ["mid"] => Ok(Entry::Period(Period::Mid)),
            ["late"] => Ok(Entry::Period(Period::Late)),
            _ => Err("period needs early, mid or late".into()),
        },
        "meridian" => match args {
            ["am"] => Ok(Entry::Meridian { pm: false }),
            ["pm"] => Ok(Entry::Meridian { pm: true }),
            _ => Err("meridian needs am or pm".into()),
        },
        "number" => {
            let n = int(args, 0, "number")?;
            if !(0..=1000).contains(&n) {
                return Err("number out of range".into());
            }
            Ok(Entry::Number(n))
        }
        "week_rel" => Ok(Entry::WeekRel(int(args, 0, "week offset")?)),
        "month_rel" => Ok(Entry::MonthRel(int(args, 0, "month offset")?)),
        "year_rel" => Ok(Entry::YearRel(int(args, 0, "year offset")?)),
        "month_ambiguous" => simple(Entry::MonthAmbiguous),
        "weekday_ambiguous" => simple(Entry::WeekdayAmbiguous),
        "anchor_of" => simple(Entry::AnchorOf),
        "later" => simple(Entry::Later),
        "earlier" => simple(Entry::Earlier),
        "ago_prefix" => simple(Entry::AgoPrefix),
        "ago_suffix" => simple(Entry::AgoSuffix),
        "exactly" => simple(Entry::Exactly),
        "month_cue" => simple(Entry::MonthCue),
        "night" => simple(Entry::Night),
        "range_from" => simple(Entry::RangeFrom),
        "range_to" => simple(Entry::RangeTo),
        "hour" => simple(Entry::Hour),
        "clock_cue" => simple(Entry::ClockCue),
        "filler" => simple(Entry::Filler),
        "weekend" => simple(Entry::Weekend),
        "ordinal" => simple(Entry::Ordinal),
        "article" => simple(Entry::Article),
        "demonstrative" => simple(Entry::Demonstrative),
        "determiner" => simple(Entry::Determiner),
        "since" => simple(Entry::Since),
        "story_start" => simple(Entry::StoryStart),
        "byline" => simple(Entry::Byline),
        "aux_pluperfect" => simple(Entry::AuxPluperfect),
        "aux_past" => simple(Entry::AuxPast),
        "aux_reported_past" => simple(Entry::AuxReportedPast),
        "aux_future" => simple(Entry::AuxFuture),
        "future" => simple(Entry::Future),
        "conditional" => simple(Entry::Conditional),
        "past" => simple(Entry::Past),
        "present" => simple(Entry::Present),
        "report" => simple(Entry::Report),
        "adverb" => simple(Entry::Adverb),
        "not_participle" => simple(Entry::NotParticiple),
        "participle" => simple(Entry::Participle),
        _ => Err(format!("unknown category `{cat}`")),
    }
}

/// Folded tokens of a stretch of text with, for each, the phrases that
/// start with it: one hash lookup per token, however many categories are
/// asked about it. A window of a whole document lends [`Window::slice`]s
/// of itself to clauses without looking their words up again.
pub struct Window<'a> {
    pub norms: Cow<'a, [&'a str]>,
    starts: Cow<'a, [&'a Phrases]>,
}

impl<'a> Window<'a> {
    /// Tokens `range` of `a`, indexed from 0.
    pub fn new(
        lex: &'a Lexicon,
        a: &'a vigie_text::Analysis,
        range: std::ops::Range<usize>,
    ) -> Self {
        let norms: Vec<&str> = range.map(|i| a.norm(i)).collect();
        let starts = norms.iter().map(|w| lex.phrases_of(w)).collect();
        Window {
            norms: Cow::Owned(norms),
            starts: Cow::Owned(starts),
        }
    }

    /// Tokens `range` of this window, indexed from 0, as if made by `new`
    /// over them (clamped to the window).
    pub fn slice(&self, range: std::ops::Range<usize>) -> Window<'_> {
        let end = range.end.min(self.norms.len());
        let start = range.start.min(end);
        Window {
            norms: Cow::Borrowed(&self.norms[start..end]),
            starts: Cow::Borrowed(&self.starts[start..end]),
        }
    }

    #[inline]
    fn phrases(&self, i: usize) -> &'a Phrases {
        self.starts.get(i).copied().unwrap_or(&NO_PHRASES)
    }

    /// Every entry whose phrase starts at token `i`, longest first.
    pub fn at(&self, i: usize) -> impl Iterator<Item = (usize, Entry)> + '_ {
        Lexicon::matching(&self.phrases(i).items, &self.norms, i)
    }

    /// `find` for a closure that accepts only entries of `kinds` (see
    /// [`kinds`]): a word with no phrase of them is passed over at once.
    #[inline]
    pub fn find_of<T>(
        &self,
        i: usize,
        kinds: u64,
        f: impl FnMut(Entry) -> Option<T>,
    ) -> Option<(usize, T)> {
        let p = self.phrases(i);
        if p.kinds & kinds == 0 {
            return None;
        }
        Lexicon::find_in(&p.items, &self.norms, i, f)
    }

    #[inline]
    pub fn has(&self, i: usize, e: Entry) -> Option<usize> {
        self.find_of(i, e.kind_bit(), |x| (x == e).then_some(()))
            .map(|(n, _)| n)
    }

    /// The kinds of the phrases starting at token `i`.
    #[inline]
    pub fn kinds_at(&self, i: usize) -> u64 {
        self.phrases(i).kinds
    }
}

const FR: (&str, &str) = (
    "crates/vigie-time/data/fr.txt",
    include_str!("../data/fr.txt"),
);
const EN: (&str, &str) = (
    "crates/vigie-time/data/en.txt",
    include_str!("../data/en.txt"),
);

struct Lexicons {
    fr: Lexicon,
    en: Lexicon,
    both: Lexicon,
}

fn build() -> Result<Lexicons, TimeError> {
    let mut fr = Lexicon::default();
    fr.load(FR.0, FR.1)?;
    let mut en = Lexicon::default();
    en.load(EN.0, EN.1)?;
    let mut both = Lexicon::default();
    both.load(FR.0, FR.1)?;
    both.load(EN.0, EN.1)?;
    Ok(Lexicons { fr, en, both })
}

fn lexicons() -> &'static Result<Lexicons, TimeError> {
    static L: OnceLock<Result<Lexicons, TimeError>> = OnceLock::new();
    L.get_or_init(build)
}

/// The verb of saying right before or after `tokens` ("said Saturday",
/// "a annoncé lundi"), if any.
pub fn reporting_verb_next_to(
    lex: &Lexicon,
    a: &vigie_text::Analysis,
    tokens: std::ops::Range<usize>,
) -> Option<usize> {
    let is_report = |i: usize| {
        let w = a.norm(i);
        lex.has(&[w], 0, Entry::Report).is_some()
    };
    if tokens.start > 0 && is_report(tokens.start - 1) {
        return Some(tokens.start - 1);
    }
    (tokens.end < a.tokens.len() && is_report(tokens.end)).then_some(tokens.end)
}

/// Is `tokens` the end of a phrase that "depuis"/"since" opened at least
/// three words before, within the same clause? ("depuis le 12 septembre"
/// dates the start of what goes on; "depuis le début des violences en
/// 2015" only the start of a long story.)
pub fn ends_since_phrase(
    lex: &Lexicon,
    a: &vigie_text::Analysis,
    tokens: std::ops::Range<usize>,
) -> bool {
    let lo = tokens.start.saturating_sub(10);
    for j in (lo..tokens.start).rev() {
        if a.tokens[j].kind != vigie_text::TokenKind::Word {
            return false;
        }
        if lex.has(&[a.norm(j)], 0, Entry::StoryStart).is_some() {
            return tokens.start - j > 3;
        }
    }
    false
}

/// Validates the embedded language files.
pub fn check() -> Result<(), TimeError> {
    lexicons().as_ref().map(|_| ()).map_err(Clone::clone)
}

/// The lexicon for a language (French and English together when unknown);
/// `None` only if the embedded data is invalid, which `check` reports.
pub fn for_lang(lang: Lang) -> Option<&'static Lexicon> {
    let l = lexicons().as_ref().ok()?;
    Some(match lang {
        Lang::Fr => &l.fr,
        Lang::En => &l.en,
        Lang::Other => &l.both,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_are_valid() {
        check().unwrap();
    }

    #[test]
    fn suffixes_first_in_file_order() {
        let mut l = Lexicon::default();
        l.load(
            "s.txt",
            "suffix future: era | ra\nsuffix conditional: erait | ait\nsuffix past: a\n",
        )
        .unwrap();
        assert_eq!(l.suffix("attaquera"), Some(SuffixKind::Future));
        assert_eq!(l.suffix("attaquerait"), Some(SuffixKind::Conditional));
        assert_eq!(l.suffix("attaqua"), Some(SuffixKind::Past));
        // At least three letters before the suffix.
        assert_eq!(l.suffix("era"), None);
        assert_eq!(l.suffix("tuer"), None);
        assert_eq!(l.suffix(""), None);
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut l = Lexicon::default();
        let e = l
            .load("x.txt", "# c\nmonth 13: foo\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.txt:2:"), "{e}");
        let e = l.load("y.txt", "bogus: a\n").unwrap_err().to_string();
        assert!(
            e.contains("y.txt:1") && e.contains("unknown category"),
            "{e}"
        );
        let e = l.load("z.txt", "\nweekday 1\n").unwrap_err().to_string();
        assert!(e.starts_with("z.txt:2:"), "{e}");
    }

    #[test]
    fn elided_tokens_fold_like_text() {
        assert_eq!(fold_tokens("l'an dernier"), vec!["l'", "an", "dernier"]);
        assert_eq!(fold_tokens("au mois d'"), vec!["au", "mois", "d'"]);
        assert_eq!(fold_tokens("après-midi"), vec!["apres", "-", "midi"]);
        assert_eq!(fold_tokens("Aujourd’hui"), vec!["aujourd'hui"]);
    }
}
