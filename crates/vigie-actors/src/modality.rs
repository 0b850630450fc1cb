//! Claims and modality: is an event reported as fact, claimed by a party,
//! denied, feared, planned or negated?

use crate::error::{data_err, ActorError};
use crate::lexicon::{tsv_lines, PhraseSet};
use std::ops::Range;
use std::sync::OnceLock;
use vigie_text::Analysis;

pub(crate) const FILE: &str = "modality.tsv";

/// What a clause says about the event its trigger word names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modality {
    /// Reported as a fact (possibly sourced: see [`attribution`]).
    Reported,
    /// Asserted by a party: "affirment avoir abattu un avion", "said it had".
    /// `by` is the token range of the claimant's words (find the actor
    /// mention inside it). `responsibility` marks a claim of authorship
    /// ("revendique", "claimed responsibility"): the event itself is
    /// otherwise reported and the claimant is its likely perpetrator.
    Claimed {
        by: Option<Range<usize>>,
        responsibility: bool,
    },
    /// Denied by a party: "dément", "denied".
    Denied { by: Option<Range<usize>> },
    /// Feared or possible, not an event: "par crainte d'éventuels
    /// bombardements", "could", "threatened to".
    Hypothetical,
    /// Planned or announced for later: "prévoit de", "will".
    Future,
    /// Said not to have happened: "n'ont pas attaqué", "did not".
    Negated,
}

impl Modality {
    /// Whether the clause reports something that happened (reported or
    /// claimed), as opposed to a denial, a fear, a plan or a negation.
    pub fn is_event(&self) -> bool {
        matches!(self, Modality::Reported | Modality::Claimed { .. })
    }
}

/// "selon un communiqué de l'armée": who the report is sourced to. A sourced
/// event is still a reported event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub cue: Range<usize>,
    /// Tokens naming the source.
    pub source: Range<usize>,
}

/// "JNIM claimed responsibility", "an IED planted by ISGS militants": who
/// the text says did an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorship {
    pub cue: Range<usize>,
    /// Tokens naming the author (find the actor mention inside them).
    pub by: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Neutralises what it covers: "no claim of responsibility".
    Plain,
    /// A source that is no party: "des témoins", "local sources".
    Independent,
    Claim,
    Responsibility,
    Deny,
    Hypothetical,
    Future,
    Negation,
    Attribution,
    /// Who did an otherwise reported event: "planted by", "blamed on".
    Perpetrator,
    /// The group after it backs the subject: "backed by", "appuyés par".
    Ally,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Where {
    Before,
    After,
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claimant {
    Subject,
    Object,
    None,
}

#[derive(Debug, Clone, Copy)]
struct Cue {
    role: Role,
    place: Where,
    claimant: Claimant,
}

/// The modality cues (`data/actors/modality.tsv`).
pub struct Modalities {
    phrases: PhraseSet<Cue>,
    /// Claims of responsibility, perpetrators and the cues that cancel
    /// them, alone: `authors` scans whole texts, and most of `phrases`
    /// start with common words.
    authorship: PhraseSet<Cue>,
    allies: PhraseSet<Cue>,
}

impl std::fmt::Debug for Modalities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Modalities")
    }
}

/// How far before the trigger each kind of cue reaches, in tokens.
fn reach(role: Role) -> usize {
    match role {
        Role::Negation => 3,
        Role::Hypothetical | Role::Future => 6,
        Role::Claim | Role::Deny | Role::Responsibility => 10,
        Role::Attribution | Role::Perpetrator | Role::Ally => 0,
        Role::Plain => 10,
        Role::Independent => 0,
    }
}

const AFTER_REACH: usize = 6;
const CLAIMANT_REACH: usize = 10;

fn is_boundary(norm: &str) -> bool {
    matches!(
        norm,
        ";" | "." | "!" | "?" | "mais" | "but" | "tandis" | "while" | "whereas"
    )
}

fn is_np_stop(norm: &str) -> bool {
    matches!(
        norm,
        "," | ";"
            | ":"
            | "."
            | "!"
            | "?"
            | "\""
            | "("
            | ")"
            | "que"
            | "qu'"
            | "qui"
            | "that"
            | "who"
            | "which"
            | "et"
            | "and"
            | "mais"
            | "but"
    )
}

impl Modalities {
    pub fn from_source(content: &str) -> Result<Modalities, ActorError> {
        let mut phrases = PhraseSet::default();
        let mut authorship = PhraseSet::default();
        let mut allies = PhraseSet::default();
        for l in tsv_lines(content) {
            if l.fields.len() != 4 {
                return Err(data_err(
                    FILE,
                    l.no,
                    "expected 4 columns: phrase, role, where, claimant",
                ));
            }
            let role = match l.fields[1] {
                "reported" => Role::Plain,
                "independent" => Role::Independent,
                "claim" => Role::Claim,
                "responsibility" => Role::Responsibility,
                "deny" => Role::Deny,
                "hypothetical" => Role::Hypothetical,
                "future" => Role::Future,
                "negation" => Role::Negation,
                "attribution" => Role::Attribution,
                "perpetrator" => Role::Perpetrator,
                "ally" => Role::Ally,
                r => return Err(data_err(FILE, l.no, format!("unknown role {r:?}"))),
            };
            let place = match l.fields[2] {
                "before" => Where::Before,
                "after" => Where::After,
                "any" => Where::Any,
                w => {
                    return Err(data_err(
                        FILE,
                        l.no,
                        format!("where must be before, after or any, not {w:?}"),
                    ))
                }
            };
            let claimant = match l.fields[3] {
                "subject" => Claimant::Subject,
                "object" => Claimant::Object,
                "none" => Claimant::None,
                c => {
                    return Err(data_err(
                        FILE,
                        l.no,
                        format!("claimant must be subject, object or none, not {c:?}"),
                    ))
                }
            };
            let cue = Cue {
                role,
                place,
                claimant,
            };
            phrases.insert(l.fields[0], cue, FILE, l.no)?;
            if matches!(role, Role::Responsibility | Role::Perpetrator | Role::Plain) {
                authorship.insert(l.fields[0], cue, FILE, l.no)?;
            }
            if role == Role::Ally {
                allies.insert(l.fields[0], cue, FILE, l.no)?;
            }
        }
        Ok(Modalities {
            phrases,
            authorship,
            allies,
        })
    }

    pub fn bundled() -> Result<Modalities, ActorError> {
        Modalities::from_source(crate::BUNDLED_MODALITY)
    }

    pub fn shared() -> Result<&'static Modalities, &'static ActorError> {
        static CELL: OnceLock<Result<Modalities, ActorError>> = OnceLock::new();
        CELL.get_or_init(Modalities::bundled).as_ref()
    }

    /// The modality of the event named by token `trigger`, reading the
    /// clause around it within `range` (its sentence).
    pub fn modality(
        &self,
        text: &str,
        a: &Analysis,
        range: Range<usize>,
        trigger: usize,
    ) -> Modality {
        let end = range.end.min(a.tokens.len());
        if trigger < range.start || trigger >= end {
            return Modality::Reported;
        }
        // Clause start: the last boundary before the trigger.
        let mut clause_start = range.start;
        for k in (range.start..trigger).rev() {
            if is_boundary(a.norm(k)) {
                clause_start = k + 1;
                break;
            }
        }
        let mut best: Option<(usize, Cue, Range<usize>)> = None;
        let mut k = clause_start;
        while k < trigger {
            match self.phrases.longest_at(a, k, end) {
                Some((n, cue)) => {
                    let dist = trigger.saturating_sub(k + n - 1);
                    // "In May, gunmen attacked": a capitalised word inside a
                    // sentence is a name, not the modal.
                    let written = a.tokens[k].span.slice(text);
                    let capital = n == 1
                        && k > range.start
                        && written.chars().next().is_some_and(char::is_uppercase)
                        && matches!(cue.role, Role::Hypothetical | Role::Future);
                    if capital {
                        k += 1;
                        continue;
                    }
                    let usable = cue.place != Where::After
                        && !matches!(
                            cue.role,
                            Role::Attribution | Role::Independent | Role::Perpetrator | Role::Ally
                        )
                        && k + n <= trigger
                        && dist <= reach(cue.role).max(1);
                    // "a revendiqué l'attaque": a claim whose words hold
                    // the event word itself.
                    let holds = cue.role == Role::Responsibility && k + n > trigger;
                    if holds {
                        best = Some((0, *cue, k..k + n));
                    } else if usable && best.as_ref().is_none_or(|(d, _, _)| dist <= *d) {
                        best = Some((dist, *cue, k..k + n));
                    }
                    k += n;
                }
                None => k += 1,
            }
        }
        if best.is_none() {
            // Cues after the trigger: "an attack claimed by ISWAP", "à venir".
            let mut k = trigger + 1;
            let lim = (trigger + 1 + AFTER_REACH).min(end);
            while k < lim {
                if is_boundary(a.norm(k)) {
                    break;
                }
                match self.phrases.longest_at(a, k, end) {
                    Some((n, cue)) => {
                        if cue.place != Where::Before
                            && !matches!(
                                cue.role,
                                Role::Attribution
                                    | Role::Independent
                                    | Role::Perpetrator
                                    | Role::Ally
                            )
                        {
                            best = Some((k - trigger, *cue, k..k + n));
                            break;
                        }
                        k += n;
                    }
                    None => k += 1,
                }
            }
        }
        let Some((_, cue, at)) = best else {
            return Modality::Reported;
        };
        let by = || claimant(a, &range, clause_start, &at, cue.claimant);
        match cue.role {
            Role::Claim => Modality::Claimed {
                by: by(),
                responsibility: false,
            },
            Role::Responsibility => Modality::Claimed {
                by: by(),
                responsibility: true,
            },
            Role::Deny => Modality::Denied { by: by() },
            Role::Hypothetical => Modality::Hypothetical,
            Role::Future => Modality::Future,
            Role::Negation => Modality::Negated,
            Role::Attribution
            | Role::Plain
            | Role::Independent
            | Role::Perpetrator
            | Role::Ally => Modality::Reported,
        }
    }

    /// Sources that are no party to the conflict ("des sources locales",
    /// "des témoins", "residents said") in tokens `range`. A party's
    /// assertion that such a source confirms is a reported event, not a
    /// claim (the gold's `claimed` means "only a party's assertion").
    pub fn independent_sources(&self, a: &Analysis, range: Range<usize>) -> Vec<Range<usize>> {
        let end = range.end.min(a.tokens.len());
        let mut out = Vec::new();
        let mut k = range.start;
        while k < end {
            match self.phrases.longest_at(a, k, end) {
                Some((n, cue)) => {
                    if cue.role == Role::Independent {
                        out.push(k..k + n);
                    }
                    k += n;
                }
                None => k += 1,
            }
        }
        out
    }

    /// Who tokens `range` say did an event: claims of responsibility
    /// ("JNIM claimed responsibility", "revendiquée par le JNIM") and the
    /// reporter's attributions ("planted by JNIM militants", "imputée à
    /// l'EIGS"). "No group claimed the attack" names nobody.
    pub fn authors(&self, a: &Analysis, range: Range<usize>) -> Vec<Authorship> {
        let end = range.end.min(a.tokens.len());
        let mut out = Vec::new();
        let mut clause_start = range.start;
        let mut k = range.start;
        while k < end {
            if is_boundary(a.norm(k)) {
                clause_start = k + 1;
            }
            match self.authorship.longest_at(a, k, end) {
                Some((n, cue)) => {
                    if matches!(cue.role, Role::Responsibility | Role::Perpetrator) {
                        let at = k..k + n;
                        if let Some(by) = claimant(a, &range, clause_start, &at, cue.claimant) {
                            out.push(Authorship { cue: at, by });
                        }
                    }
                    k += n;
                }
                None => k += 1,
            }
        }
        out
    }

    /// Whether a claim of responsibility written from at most `reach`
    /// tokens before `token` holds it ("JNIM claimed the attack": the
    /// attack is the one claimed, told before).
    pub fn claim_holds(&self, a: &Analysis, token: usize, reach: usize, end: usize) -> bool {
        (token.saturating_sub(reach)..token).any(|k| {
            self.authorship
                .longest_at(a, k, end)
                .is_some_and(|(n, cue)| cue.role == Role::Responsibility && k + n > token)
        })
    }

    /// Whether an ally cue ends right before token `token` ("fighters
    /// backed by | AQIM").
    pub fn ally_before(&self, a: &Analysis, token: usize) -> bool {
        const LONGEST: usize = 3;
        (token.saturating_sub(LONGEST)..token).any(|k| {
            self.allies
                .longest_at(a, k, token)
                .is_some_and(|(n, _)| k + n == token)
        })
    }

    /// The first "selon X" / "according to X" of tokens `range`.
    pub fn attribution(&self, a: &Analysis, range: Range<usize>) -> Option<Attribution> {
        let end = range.end.min(a.tokens.len());
        let mut k = range.start;
        while k < end {
            match self.phrases.longest_at(a, k, end) {
                Some((n, cue)) if cue.role == Role::Attribution => {
                    let at = k..k + n;
                    let source = claimant(a, &range, range.start, &at, cue.claimant)?;
                    return Some(Attribution { cue: at, source });
                }
                Some((n, _)) => k += n,
                None => k += 1,
            }
        }
        None
    }
}

/// The words of the party making a claim, without their article: the
/// subject before the cue, or the noun phrase after it ("revendiqué par le
/// JNIM", "selon le CSP" -> "CSP").
fn claimant(
    a: &Analysis,
    range: &Range<usize>,
    clause_start: usize,
    cue: &Range<usize>,
    side: Claimant,
) -> Option<Range<usize>> {
    let mut r = claimant_np(a, range, clause_start, cue, side)?;
    if r.len() > 1 && crate::lexicon::DETERMINERS.contains(&a.norm(r.start)) {
        r.start += 1;
    }
    Some(r)
}

fn claimant_np(
    a: &Analysis,
    range: &Range<usize>,
    clause_start: usize,
    cue: &Range<usize>,
    side: Claimant,
) -> Option<Range<usize>> {
    match side {
        Claimant::None => None,
        Claimant::Subject => {
            let mut s = cue.start;
            let floor = cue
                .start
                .saturating_sub(CLAIMANT_REACH)
                .max(clause_start)
                .max(range.start);
            while s > floor && !is_np_stop(a.norm(s - 1)) {
                s -= 1;
            }
            // Auxiliaries between subject and participle ("a revendiqué").
            let mut e = cue.start;
            while e > s
                && matches!(
                    a.norm(e - 1),
                    "a" | "ont" | "has" | "have" | "had" | "also" | "egalement" | "aussi"
                )
            {
                e -= 1;
            }
            (s < e).then_some(s..e)
        }
        Claimant::Object => {
            let s = cue.end;
            let lim = (s + CLAIMANT_REACH).min(range.end).min(a.tokens.len());
            let mut e = s;
            while e < lim && !matches!(a.norm(e), "," | ";" | ":" | "." | "!" | "?" | ")" | "\"") {
                e += 1;
            }
            (s < e).then_some(s..e)
        }
    }
}

/// Modality with the bundled cues (see [`Modalities::modality`]).
pub fn modality(text: &str, a: &Analysis, range: Range<usize>, trigger: usize) -> Modality {
    match Modalities::shared() {
        Ok(m) => m.modality(text, a, range, trigger),
        Err(_) => Modality::Reported,
    }
}

/// Source attribution with the bundled cues (see [`Modalities::attribution`]).
pub fn attribution(_text: &str, a: &Analysis, range: Range<usize>) -> Option<Attribution> {
    Modalities::shared().ok()?.attribution(a, range)
}

/// Authors of events with the bundled cues (see [`Modalities::authors`]).
pub fn authors(a: &Analysis, range: Range<usize>) -> Vec<Authorship> {
    match Modalities::shared() {
        Ok(m) => m.authors(a, range),
        Err(_) => Vec::new(),
    }
}

/// [`Modalities::ally_before`] with the bundled cues.
pub fn ally_before(a: &Analysis, token: usize) -> bool {
    Modalities::shared().is_ok_and(|m| m.ally_before(a, token))
}

/// [`Modalities::claim_holds`] with the bundled cues.
pub fn claim_holds(a: &Analysis, token: usize, reach: usize, end: usize) -> bool {
    Modalities::shared().is_ok_and(|m| m.claim_holds(a, token, reach, end))
}

/// Independent sources with the bundled cues (see
/// [`Modalities::independent_sources`]).
pub fn independent_sources(_text: &str, a: &Analysis, range: Range<usize>) -> Vec<Range<usize>> {
    match Modalities::shared() {
        Ok(m) => m.independent_sources(a, range),
        Err(_) => Vec::new(),
    }
}
