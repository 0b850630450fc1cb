//! From trigger matches to coded events: candidates per clause, roles,
//! places and dates, aggregation inside the document, ACLED typing.

use crate::clauses::clauses;
use crate::facts::*;
use crate::rules::{Class, Match};
use std::collections::BTreeSet;
use std::ops::Range;
use vigie_model::{DateInterval, Precision, Span};
use vigie_text::Analysis;

/// What kind of event a group of triggers tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Violent,
    Demonstration,
    Strategic(Class),
}

/// One event as told by one clause (before aggregation).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub family: Family,
    pub classes: BTreeSet<Class>,
    pub triggers: Vec<Match>,
    pub rules: Vec<usize>,
    pub sentence: usize,
    pub clause: Range<usize>,
    pub evidence: Vec<Span>,
    pub claimed: Option<Option<Range<usize>>>,
    pub claimed_classes: BTreeSet<Class>,
    /// Reported speech about an event ("a dénoncé une attaque contre ..."):
    /// can join an event, never makes one alone.
    pub statement: bool,
    pub actor1: Option<usize>,
    pub actor2: Option<usize>,
    pub assoc1: Vec<usize>,
    pub victims: Option<Victims>,
    pub place: Option<usize>,
    pub place_explicit: bool,
    pub place_near: bool,
    /// The place is a name the gazetteer lacks.
    pub unnamed_place: bool,
    pub date: Option<usize>,
    pub date_explicit: bool,
    /// Precision of the explicit date, to keep the sharpest when merging.
    pub date_precision: Option<Precision>,
    /// A date computed from another event ("le lendemain de la création
    /// de ..."): interval, best day and the words it came from.
    pub date_derived: Option<(DateInterval, chrono::NaiveDate, Span)>,
    pub pluperfect: bool,
    pub fatalities: Vec<usize>,
    /// Part `i` of `n` of an event told for several places at once ("ont
    /// attaqué les villages de X et Y"): the figures attached before the
    /// split are shared out, ACLED's way.
    pub split: Option<(u32, u32)>,
    pub split_fatalities: Vec<usize>,
    /// A known place of the same list: an unnamed village lies in its
    /// admin units ("les villages de X et Zaroumdarèye (Tillabéri)").
    pub units_from: Option<usize>,
    pub countries: Vec<usize>,
}

impl Candidate {
    pub fn trigger_token(&self) -> usize {
        self.triggers
            .first()
            .map(|m| m.tokens.start)
            .unwrap_or(self.clause.start)
    }
}

fn family_of(c: Class) -> Option<Family> {
    use Class::*;
    Some(match c {
        Clash | Attack | Ambush | Capture | Retake | Air | Shelling | Ied | Suicide | Grenade
        | Chemical | AircraftDown | Kill | Abduct | Sexual => Family::Violent,
        Protest | Riot | Mob => Family::Demonstration,
        // A withdrawal is a movement of forces: the same family as the
        // other changes to a group's activity.
        Withdraw => Family::Strategic(Change),
        LabelOther | LabelChange | LabelLoot | LabelAgreement | LabelArrest | LabelDefuse
        | LabelBase => Family::Strategic(c.label_target()?),
        Agreement | Arrest | Change | Defuse | Base | Loot | Transfer | Coup | MassGrave => {
            Family::Strategic(c)
        }
        _ => return None,
    })
}

/// Drops trigger matches inside a longer match of another class ("abattu"
/// as a killing inside "abattu un avion", "fight" inside the campaign "the
/// fight against") and duplicates.
pub fn prune(mut ms: Vec<Match>) -> Vec<Match> {
    ms.sort_by_key(|m| (m.tokens.start, std::cmp::Reverse(m.tokens.end)));
    let mut keep: Vec<Match> = Vec::with_capacity(ms.len());
    for m in ms {
        let inside = keep.iter().any(|k| {
            (k.class.is_trigger() || k.class == Class::Campaign)
                && m.class.is_trigger()
                && k.tokens.start <= m.tokens.start
                && m.tokens.end <= k.tokens.end
                && (k.tokens.len() > m.tokens.len() || k.class == m.class)
        });
        if !inside {
            keep.push(m);
        }
    }
    keep
}

/// Sentence index -> paragraph index (a line break between sentences starts
/// a new paragraph).
pub fn paragraphs(text: &str, a: &Analysis) -> Vec<usize> {
    let mut out = Vec::with_capacity(a.sentences.len());
    let mut p = 0;
    for (i, s) in a.sentences.iter().enumerate() {
        if i > 0 {
            let prev = &a.sentences[i - 1];
            if text
                .get(prev.span.end..s.span.start)
                .is_some_and(|g| g.contains('\n'))
            {
                p += 1;
            }
        }
        out.push(p);
    }
    out
}

fn in_range(r: &Range<usize>, inner: &Range<usize>) -> bool {
    r.start <= inner.start && inner.end <= r.end
}

const PASSIVE: &[&str] = &[
    "ete", "been", "was", "were", "is", "are", "being", "fut", "furent", "sont", "est",
];
const AGENT_PREP: &[&str] = &["par", "by"];
const TARGET_PREP: &[&str] = &[
    "contre",
    "against",
    "sur",
    "on",
    "visant",
    "targeting",
    "ciblant",
    "upon",
];
const WITH_PREP: &[&str] = &["avec", "with", "entre", "between", "et", "and"];

/// Builds the candidates of every clause.
pub fn candidates(text: &str, a: &Analysis, matches: &[Match], st: &dyn Stages) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (si, s) in a.sentences.iter().enumerate() {
        let sent_matches: Vec<&Match> = matches
            .iter()
            .filter(|m| in_range(&s.tokens, &m.tokens))
            .collect();
        if !sent_matches.iter().any(|m| m.class.is_trigger()) {
            // "Protesters marched on the ministry. Police dispersed them
            // with tear gas.": the next sentence tells how the protest
            // ended.
            let how: Vec<Class> = sent_matches
                .iter()
                .map(|m| m.class)
                .filter(|c| matches!(c, Class::Disperse | Class::Lethal))
                .collect();
            if let Some(prev) = out.last_mut() {
                let prev: &mut Candidate = prev;
                if !how.is_empty()
                    && prev.family == Family::Demonstration
                    && si <= prev.sentence + 2
                {
                    prev.classes.extend(how);
                    prev.evidence.push(s.span);
                    if prev.actor2.is_none() {
                        prev.actor2 = st
                            .actors()
                            .iter()
                            .position(|x| x.is_state() && in_range(&s.tokens, &x.tokens));
                    }
                }
            }
            continue;
        }
        let sent_mods: BTreeSet<Class> = sent_matches
            .iter()
            .filter(|m| !m.class.is_trigger() && !tells_it(a, m))
            .map(|m| m.class)
            .collect();
        let trigger_starts: Vec<usize> = sent_matches
            .iter()
            .filter(|m| m.class.is_trigger())
            .map(|m| m.tokens.start)
            .collect();
        let mut units = Vec::new();
        for clause in clauses(a, s.tokens.clone()) {
            split_by_time(a, st.times(), &trigger_starts, clause, &mut units);
        }
        for clause in units {
            // A match belongs to the clause it starts in: "la création par
            // le Mali, le Niger et le Burkina Faso de l'Alliance" spans two.
            let in_clause: Vec<&Match> = sent_matches
                .iter()
                .copied()
                .filter(|m| clause.contains(&m.tokens.start))
                .collect();
            let mut triggers: Vec<(Match, Modality)> = Vec::new();
            for m in in_clause.iter().filter(|m| m.class.is_trigger()) {
                let md = if negated(a, &clause, m.tokens.start)
                    || tallied(&sent_matches, &clause, m.tokens.end)
                {
                    Modality::Negated
                } else {
                    st.modality(clause.clone(), m.tokens.start)
                };
                if matches!(
                    md,
                    Modality::Hypothetical | Modality::Future | Modality::Negated
                ) {
                    continue;
                }
                // A state's own communiqué about its operation reports the
                // event (ACLED codes it); only other parties' assertions
                // stay claims.
                let md = match md {
                    Modality::Claimed { by: Some(r) }
                        if st.actors().iter().any(|x| {
                            x.tokens.start < r.end && r.start < x.tokens.end && x.is_state()
                        }) =>
                    {
                        Modality::Reported
                    }
                    md => md,
                };
                triggers.push(((*m).clone(), md));
            }
            triggers.retain(|(m, _)| !st.is_future(clause.clone(), m.tokens.start));
            // "further attacks could follow", "de nouvelles attaques
            // pourraient suivre": a noun whose verb is a modal.
            triggers.retain(|(m, _)| {
                let after = m.tokens.end..(m.tokens.end + 2).min(clause.end);
                after.is_empty() || !st.is_future(after.clone(), after.end - 1)
            });
            if ongoing(a, st, &clause) {
                triggers.retain(|(m, _)| {
                    !matches!(
                        family_of(m.class),
                        Some(Family::Violent | Family::Demonstration)
                    )
                });
            }
            if triggers.is_empty() {
                continue;
            }
            // A statement verb anywhere before the trigger in the sentence
            // ("... et accuse l'armée d'avoir violé le cessez-le-feu").
            let statement_at = sent_matches
                .iter()
                .filter(|m| m.class == Class::Statement)
                .map(|m| m.tokens.start)
                .min();
            let mut mods = sent_mods.clone();
            mods.extend(
                in_clause
                    .iter()
                    .filter(|m| !m.class.is_trigger() && !tells_it(a, m))
                    .map(|m| m.class),
            );
            for (family, group) in group_triggers(&triggers, &mods) {
                let all_claimed = group
                    .iter()
                    .all(|(_, md)| matches!(md, Modality::Claimed { .. }));
                let claimed = if all_claimed {
                    group.iter().find_map(|(_, md)| match md {
                        Modality::Claimed { by } => Some(by.clone()),
                        _ => None,
                    })
                } else {
                    None
                };
                let first = group[0].0.tokens.start;
                let mut c = Candidate {
                    family,
                    classes: group
                        .iter()
                        .map(|(m, _)| m.class)
                        .chain(mods.iter().copied())
                        .collect(),
                    rules: group.iter().map(|(m, _)| m.rule).collect(),
                    triggers: group.iter().map(|(m, _)| m.clone()).collect(),
                    sentence: si,
                    clause: clause.clone(),
                    evidence: vec![s.span],
                    claimed_classes: if claimed.is_some() {
                        group.iter().map(|(m, _)| m.class).collect()
                    } else {
                        BTreeSet::new()
                    },
                    claimed,
                    statement: statement_at.is_some_and(|t| t < first),
                    actor1: None,
                    actor2: None,
                    assoc1: vec![],
                    victims: None,
                    place: None,
                    place_explicit: false,
                    place_near: false,
                    unnamed_place: false,
                    date: None,
                    date_explicit: false,
                    date_precision: None,
                    date_derived: None,
                    pluperfect: st.is_pluperfect(clause.clone()),
                    fatalities: vec![],
                    split: None,
                    split_fatalities: vec![],
                    units_from: None,
                    countries: vec![],
                };
                assign_roles(a, st, &mut c);
                // "JNIM claimed the attack": the claim names an event told
                // before it.
                let claim_names_it = || st.claim_holds(first, s.tokens.end);
                if (referred_back(a, &sent_matches, first, &clause) || claim_names_it())
                    && out
                        .iter()
                        .any(|o: &Candidate| family_group(o.family) == family_group(c.family))
                {
                    c.statement = true;
                }
                out.push(c);
            }
        }
    }
    let _ = text;
    out
}

/// "..., residents said": the civilians who tell the story are not its
/// victims.
fn tells_it(a: &Analysis, m: &Match) -> bool {
    m.class == Class::Civilian && vigie_time::is_saying(a, m.tokens.end)
}

/// "l'armée combat Boko Haram depuis le début de l'année", "have killed
/// 500 people since 2015": a state or a tally since a time coarser than a
/// week is the background of the news, not an event. "Les combats se
/// poursuivent depuis lundi" keeps its day.
fn ongoing(a: &Analysis, st: &dyn Stages, clause: &Range<usize>) -> bool {
    let dated = |t: &TimeFact| !t.reporting && t.relative_days.is_none();
    // The time must follow the word itself: "since" also means "because".
    // The times are few: looked at before the word's lexicon lookup, and
    // a clause with no time coarser than a week asks nothing more.
    let long: Vec<&TimeFact> = st
        .times()
        .iter()
        .filter(|t| dated(t) && t.interval.precision > Precision::Week)
        .collect();
    let long_since = !long.is_empty()
        && clause.clone().any(|i| {
            long.iter()
                .any(|t| t.tokens.start <= i + 4 && t.tokens.end > i + 1)
                && vigie_time::opens_story(a, i)
        });
    long_since
        && !st.times().iter().any(|t| {
            in_range(clause, &t.tokens)
                && dated(t)
                && !t.background
                && t.interval.precision <= Precision::Week
        })
}

/// "ont tué le 8 onze gendarmes avant de revenir le 11 exécuter des
/// habitants": two actions, each with its own day, in one clause. Splits
/// before a linking word when both sides have a trigger and a date.
fn split_by_time(
    a: &Analysis,
    times: &[TimeFact],
    triggers: &[usize],
    clause: Range<usize>,
    out: &mut Vec<Range<usize>>,
) {
    const LINKS: &[&str] = &[
        "avant", "puis", "ensuite", "et", "before", "then", "and", "after", "apres",
    ];
    let has_trigger = |r: &Range<usize>| triggers.iter().any(|t| r.contains(t));
    let has_time = |r: &Range<usize>| {
        times
            .iter()
            .any(|t| t.may_date_event() && r.contains(&t.tokens.start))
    };
    for i in clause.start + 1..clause.end {
        if !LINKS.contains(&a.norm(i)) {
            continue;
        }
        let (left, right) = (clause.start..i, i..clause.end);
        if has_trigger(&left) && has_trigger(&right) && has_time(&left) && has_time(&right) {
            out.push(left);
            split_by_time(a, times, triggers, right, out);
            return;
        }
    }
    out.push(clause);
}

/// "ne se sont pas retirés", "ni ... ne se sont retirés", "did not attack",
/// "never reached": a negation just before the trigger in its clause.
/// "Des hommes armés ont attaqué les villages de Tchombangou et
/// Zaroumdarèye", "protests in Niamey, Zinder and Maradi": ACLED codes one
/// event per place. A candidate whose clause names a coordinated list of
/// towns, its own place among them, becomes one candidate per town; the
/// figures it carried are shared out.
pub fn split_by_places(a: &Analysis, st: &dyn Stages, cands: Vec<Candidate>) -> Vec<Candidate> {
    let places = st.places();
    let mut out = Vec::with_capacity(cands.len());
    for c in cands {
        let splittable = !c.statement
            && matches!(
                c.family,
                Family::Violent | Family::Demonstration | Family::Strategic(Class::Loot)
            )
            && c.place_explicit;
        let mut run: Vec<usize> = Vec::new();
        if splittable {
            let mut here: Vec<usize> = (0..places.len())
                .filter(|&p| {
                    matches!(places[p].kind, PlaceKind::Settlement | PlaceKind::Unnamed)
                        && places[p].cue != PlaceCue::Qualifier
                        && in_range(&c.clause, &places[p].tokens)
                })
                .collect();
            here.sort_by_key(|&p| places[p].tokens.start);
            // The coordinated run that holds the candidate's own place.
            let mut current: Vec<usize> = Vec::new();
            for &p in &here {
                let joined = current.last().is_some_and(|&q| {
                    let gap = places[q].tokens.end..places[p].tokens.start;
                    gap.len() <= 3
                        && !gap.is_empty()
                        && gap.clone().all(|t| {
                            matches!(
                                a.norm(t),
                                "," | "et" | "and" | "&" | "ainsi" | "que" | "as" | "well"
                            )
                        })
                });
                if !joined {
                    if current.contains(&c.place.unwrap_or(usize::MAX)) {
                        break;
                    }
                    current.clear();
                }
                current.push(p);
            }
            // "between Douentza and Boni" is one stretch of road, one event.
            let between = current
                .first()
                .is_some_and(|&p| places[p].cue == PlaceCue::Between);
            let holds_own = current.len() >= 2 && current.contains(&c.place.unwrap_or(usize::MAX));
            if holds_own && between {
                // ACLED codes the stretch at its first town.
                let mut c = c;
                c.place = current.first().copied();
                out.push(c);
                continue;
            }
            if holds_own {
                run = current;
            }
        }
        if run.len() < 2 {
            out.push(c);
            continue;
        }
        let n = run.len() as u32;
        let known = run.iter().copied().find(|&p| {
            places[p].kind == PlaceKind::Settlement && places[p].location.admin1.is_some()
        });
        for (i, &p) in run.iter().enumerate() {
            let mut part = c.clone();
            part.place = Some(p);
            part.unnamed_place = places[p].kind == PlaceKind::Unnamed;
            part.place_near = false;
            part.split = Some((i as u32, n));
            part.split_fatalities = std::mem::take(&mut part.fatalities);
            part.units_from = known.filter(|_| places[p].kind == PlaceKind::Unnamed);
            out.push(part);
        }
    }
    out
}

/// The place a stretch of text locates its events at: the gazetteer's
/// pick, unless that is only the qualifier of a village the gazetteer
/// lacks ("le village de Douna, commune de Mondoro" is at Douna).
fn sentence_place(st: &dyn Stages, r: &Range<usize>, anchor: usize) -> Option<usize> {
    let places = st.places();
    let p = st.locate(std::slice::from_ref(r), anchor);
    if p.is_none_or(|p| places[p].cue == PlaceCue::Qualifier) {
        let unnamed = places
            .iter()
            .position(|u| u.kind == PlaceKind::Unnamed && in_range(r, &u.tokens));
        if unnamed.is_some() {
            return unnamed;
        }
    }
    p
}

/// "Ouagadougou has been attacked three times", "attaquée à plusieurs
/// reprises": a tally (rule class `tally`) right after the trigger counts
/// past events, it is not one event.
fn tallied(ms: &[&Match], clause: &Range<usize>, after: usize) -> bool {
    ms.iter().any(|m| {
        m.class == Class::Tally
            && (after..after + 3).contains(&m.tokens.start)
            && m.tokens.end <= clause.end
    })
}

/// "This umpteenth attack confirms ...", "cette attaque": a demonstrative
/// (rule class `back-reference`) just before the trigger points back at an
/// event already told.
fn referred_back(a: &Analysis, ms: &[&Match], trigger: usize, clause: &Range<usize>) -> bool {
    let from = trigger.saturating_sub(3).max(clause.start);
    ms.iter().any(|m| {
        m.class == Class::BackReference
            && (from..trigger).contains(&m.tokens.start)
            && (m.tokens.start + 1..trigger)
                .all(|k| a.tokens[k].kind == vigie_text::TokenKind::Word)
    })
}

fn negated(a: &Analysis, clause: &Range<usize>, trigger: usize) -> bool {
    let from = trigger.saturating_sub(4).max(clause.start);
    (from..trigger).any(|t| {
        matches!(
            a.norm(t),
            "ne" | "n'" | "not" | "never" | "n't" | "neither" | "nor"
        )
    }) || (trigger.saturating_sub(2).max(clause.start)..trigger).any(|t| a.norm(t) == "no")
}

/// Splits a clause's triggers into the events they tell: violence absorbs
/// the looting, withdrawals and seizures of the same fight; a protest
/// absorbs its arrests and killings; other strategic developments stand
/// alone.
fn group_triggers<'m>(
    triggers: &'m [(Match, Modality)],
    mods: &BTreeSet<Class>,
) -> Vec<(Family, Vec<&'m (Match, Modality)>)> {
    let has = |f: &dyn Fn(Class) -> bool| triggers.iter().any(|(m, _)| f(m.class));
    // A note's label ("Property destruction:") types everything it opens.
    if let Some(l) = triggers.iter().find_map(|(m, _)| m.class.label_target()) {
        return vec![(Family::Strategic(l), triggers.iter().collect())];
    }
    // Explosives defused or weapons seized, with no fighting: the seizure
    // is the event ("diffused 55 IEDs and seized TNT").
    let fighting_words = has(&|c| {
        matches!(
            c,
            Class::Clash
                | Class::Attack
                | Class::Ambush
                | Class::Kill
                | Class::Capture
                | Class::Retake
                | Class::Abduct
                | Class::Sexual
        )
    });
    if has(&|c| c == Class::Defuse) && !fighting_words {
        return vec![(Family::Strategic(Class::Defuse), triggers.iter().collect())];
    }
    let violent = has(&|c| family_of(c) == Some(Family::Violent));
    let demo = has(&|c| family_of(c) == Some(Family::Demonstration));
    let mut groups: Vec<(Family, Vec<&(Match, Modality)>)> = Vec::new();
    for t in triggers {
        let c = t.0.class;
        let mut fam = match family_of(c) {
            Some(f) => f,
            None => continue,
        };
        if let Family::Strategic(_) = fam {
            let absorbed_by_violence = violent
                && (matches!(c, Class::Loot | Class::Defuse | Class::Change)
                    || (c == Class::Withdraw && mods.contains(&Class::Brief)));
            let absorbed_by_demo = demo && matches!(c, Class::Arrest | Class::Loot);
            if absorbed_by_violence {
                fam = Family::Violent;
            } else if absorbed_by_demo {
                fam = Family::Demonstration;
            }
        }
        let protest = has(&|c| c == Class::Protest);
        if fam == Family::Violent && demo && protest && matches!(c, Class::Kill | Class::Attack) {
            fam = Family::Demonstration;
        }
        // Stones and lynchings inside a fight, with no protest: communal
        // violence, typed with the fight.
        if fam == Family::Demonstration && violent && !protest {
            fam = Family::Violent;
        }
        // A capture without resistance is a transfer, not a battle.
        if matches!(c, Class::Capture) && mods.contains(&Class::NoResistance) {
            fam = Family::Strategic(Class::Transfer);
        }
        match groups.iter_mut().find(|(f, _)| *f == fam) {
            Some((_, v)) => v.push(t),
            None => groups.push((fam, vec![t])),
        }
    }
    groups
}

/// actor1 is who acted, actor2 who was targeted: active and passive voice,
/// "contre"/"against", "par"/"by", "entre X et Y".
fn assign_roles(a: &Analysis, st: &dyn Stages, c: &mut Candidate) {
    let trig = c.trigger_token();
    let trig_end = c.triggers.first().map(|m| m.tokens.end).unwrap_or(trig);
    let in_clause: Vec<usize> = st
        .actors()
        .iter()
        .enumerate()
        .filter(|(_, x)| in_range(&c.clause, &x.tokens))
        .map(|(i, _)| i)
        .collect();
    // Passive: "ont été attaqués par", "were killed by".
    let passive = (trig.saturating_sub(2)..trig).any(|t| PASSIVE.contains(&a.norm(t)))
        && trig >= c.clause.start
        || (trig_end..(trig_end + 2).min(c.clause.end)).any(|t| AGENT_PREP.contains(&a.norm(t)));
    let mut agents = Vec::new();
    let mut targets = Vec::new();
    let mut partners = Vec::new();
    // "fighters backed by AQIM": allies of the subject, never a side.
    let mut backers = Vec::new();
    for &i in &in_clause {
        let x = &st.actors()[i];
        // "..., residents said": civilians who tell the story take no part.
        if x.inter == 7 && vigie_time::is_saying(a, x.tokens.end) {
            continue;
        }
        let before = x.tokens.end <= trig;
        let prep = x
            .tokens
            .start
            .checked_sub(1)
            .map(|p| a.norm(p))
            .unwrap_or("");
        let prep2 = x
            .tokens
            .start
            .checked_sub(2)
            .map(|p| a.norm(p))
            .unwrap_or("");
        let article = matches!(prep, "l'" | "la" | "le" | "les" | "the" | "des" | "du");
        let after_prep = |set: &[&str]| set.contains(&prep) || (article && set.contains(&prep2));
        let ally = st.ally_before(x.tokens.start)
            || (article && st.ally_before(x.tokens.start.saturating_sub(1)));
        if ally {
            backers.push(i);
        } else if after_prep(AGENT_PREP) && !before {
            agents.push(i);
        } else if after_prep(TARGET_PREP) && !before {
            targets.push(i);
        } else if after_prep(WITH_PREP) && !before {
            partners.push(i);
        } else if before {
            if passive {
                targets.push(i);
            } else {
                agents.push(i);
            }
        } else if passive {
            agents.push(i);
        } else {
            targets.push(i);
        }
    }
    // The subject nearest the trigger acts; the first target is the target.
    let pick_agent = agents
        .iter()
        .rev()
        .copied()
        .find(|&i| st.actors()[i].inter != 7);
    c.actor1 = pick_agent.or_else(|| agents.last().copied());
    c.actor2 = targets
        .iter()
        .copied()
        .find(|&i| Some(i) != c.actor1 && !same_actor(st, Some(i), c.actor1))
        .or_else(|| {
            partners
                .iter()
                .copied()
                .find(|&i| Some(i) != c.actor1 && !same_actor(st, Some(i), c.actor1))
        });
    // "Nine civilians killed in a Boko Haram attack": civilians are never
    // the side that attacks (ACLED codes them only as victims).
    if let (Some(x), Some(y)) = (c.actor1, c.actor2) {
        if st.actors()[x].inter == 7 && st.actors()[y].is_armed() {
            c.actor1 = Some(y);
            c.actor2 = Some(x);
        }
    }
    if c.actor1.is_none() {
        // "entre X et Y": both sides after the trigger.
        let mut rest = partners.iter().chain(targets.iter()).copied();
        if let Some(x) = rest.next() {
            if let Some(y) = rest.find(|&y| !same_actor(st, Some(x), Some(y))) {
                c.actor1 = Some(x);
                c.actor2 = Some(y);
            }
        }
    }
    for &i in agents.iter().chain(partners.iter()).chain(backers.iter()) {
        if Some(i) != c.actor1
            && Some(i) != c.actor2
            && !same_actor(st, Some(i), c.actor1)
            && !same_actor(st, Some(i), c.actor2)
        {
            let x = &st.actors()[i];
            if x.is_armed() && !c.assoc1.iter().any(|&j| st.actors()[j].key == x.key) {
                c.assoc1.push(i);
            }
        }
    }
}

pub fn same_actor(st: &dyn Stages, x: Option<usize>, y: Option<usize>) -> bool {
    match (x, y) {
        (Some(x), Some(y)) => st.actors()[x].key == st.actors()[y].key,
        _ => false,
    }
}

/// Chooses each candidate's place, date and fatalities, and carries the
/// story's subject, place and date to clauses that do not repeat them.
pub fn situate(text: &str, a: &Analysis, st: &dyn Stages, cands: &mut [Candidate]) {
    let paras = paragraphs(text, a);
    let places = st.places();
    let times = st.times();
    let mut last_place: Option<(usize, usize)> = None; // (place index, paragraph)
    let mut last_date: Option<(usize, usize)> = None;
    let mut last_actor: Option<(usize, usize)> = None;
    // Places and dates met in sentences without triggers still set the
    // story's context ("Attaque à Bourem" as a headline).
    let mut scan_sentence = 0;
    let territories: Vec<Range<usize>> = (0..cands.len())
        .map(|ci| {
            let me = cands[ci].trigger_token();
            let others = cands
                .iter()
                .enumerate()
                .filter(|(k, o)| *k != ci && o.sentence == cands[ci].sentence)
                .map(|(_, o)| o.trigger_token())
                .filter(|&t| t != me);
            let mut lo = 0;
            let mut hi = usize::MAX;
            for t in others {
                if t < me {
                    lo = lo.max((t + me).div_ceil(2));
                } else {
                    hi = hi.min((t + me) / 2 + 1);
                }
            }
            lo..hi
        })
        .collect();
    for ci in 0..cands.len() {
        let (si, clause) = (cands[ci].sentence, cands[ci].clause.clone());
        let para = paras[si];
        while scan_sentence < si {
            let s = &a.sentences[scan_sentence];
            if let Some(p) = sentence_place(st, &s.tokens, s.tokens.start) {
                if matches!(places[p].kind, PlaceKind::Settlement | PlaceKind::Unnamed) {
                    last_place = Some((p, paras[scan_sentence]));
                }
            }
            if let Some(t) = times
                .iter()
                .position(|t| !t.background && in_range(&s.tokens, &t.tokens))
            {
                last_date = Some((t, paras[scan_sentence]));
            }
            // "Soldiers mutinied over unpaid wages. They took over ...": the
            // subject of a sentence that tells no event is the story's.
            if !cands.iter().any(|o| o.sentence == scan_sentence) {
                if let Some(x) = st.actors().iter().position(|x| {
                    x.tokens.start <= s.tokens.start + 1
                        && in_range(&s.tokens, &x.tokens)
                        && x.is_armed()
                }) {
                    last_actor = Some((x, paras[scan_sentence]));
                }
            }
            scan_sentence += 1;
        }
        let sent = a.sentences[si].tokens.clone();
        let anchor = cands[ci].trigger_token();
        // Place: in the clause, else in the sentence, else the story's;
        // each within the candidate's territory: the words nearer its
        // trigger than any other candidate's of the sentence.
        let territory = territories[ci].clone();
        let within = |r: &Range<usize>| r.start.max(territory.start)..r.end.min(territory.end);
        let agreement = cands[ci].family == Family::Strategic(Class::Agreement);
        let mut place = sentence_place(st, &within(&clause), anchor)
            .filter(|&p| places[p].kind != PlaceKind::Country);
        if place.is_none() && !agreement {
            place = st
                .locate(&[within(&sent)], anchor)
                .filter(|&p| places[p].kind != PlaceKind::Country);
        }
        if place.is_none() {
            // A place the gazetteer lacks, named with "à"/"in" in the
            // clause, else in the candidate's part of the sentence, else in
            // the sentence ("ransacked the school in the village of Nomo and
            // seized the rice": both actions are at Nomo).
            let unnamed_in = |r: &Range<usize>| {
                places
                    .iter()
                    .position(|p| p.kind == PlaceKind::Unnamed && in_range(r, &p.tokens))
            };
            // A known place of the sentence is coded before a name the
            // gazetteer lacks outside the clause.
            let known_here = places.iter().any(|p| {
                matches!(p.kind, PlaceKind::Settlement | PlaceKind::Admin)
                    && in_range(&sent, &p.tokens)
            });
            place = unnamed_in(&within(&clause)).or_else(|| {
                (!known_here)
                    .then(|| unnamed_in(&within(&sent)).or_else(|| unnamed_in(&sent)))
                    .flatten()
            });
        }
        let explicit_settlement = place
            .is_some_and(|p| matches!(places[p].kind, PlaceKind::Settlement | PlaceKind::Unnamed));
        // "cette ville du cercle de Niafunké": an admin unit alone keeps the
        // story's town when the town lies inside it. Agreements between
        // states are not located at the story's battlefield.
        // "a massacre of 58 civilians in neighbouring Niger": another
        // country named in the clause moves the event out of the story's
        // town.
        let elsewhere = if place.is_none() && !agreement {
            places.iter().position(|p| {
                p.kind == PlaceKind::Country
                    && p.cue == PlaceCue::At
                    && in_range(&within(&clause), &p.tokens)
                    && last_place
                        .is_some_and(|(lp, _)| places[lp].location.country != p.location.country)
            })
        } else {
            None
        };
        if let Some(p) = elsewhere {
            place = Some(p);
            cands[ci].place_explicit = true;
        } else if agreement {
            cands[ci].place_explicit = place.is_some();
        } else if !explicit_settlement {
            if let Some((lp, lpara)) = last_place {
                let inside = place.is_none_or(|p| {
                    let (q, l) = (&places[p].location, &places[lp].location);
                    q.country == l.country
                        && (q.admin1.is_none()
                            || q.admin1 == l.admin1
                            || q.admin2 == l.admin1
                            || q.name == l.admin2
                            || q.name == l.admin1)
                });
                if inside && para <= lpara + 1 {
                    place = Some(lp);
                    cands[ci].place_explicit = false;
                }
            }
        } else {
            cands[ci].place_explicit = true;
        }
        if let Some(p) = place {
            cands[ci].place_near = matches!(places[p].cue, PlaceCue::Near | PlaceCue::Between);
            if places[p].kind == PlaceKind::Settlement && cands[ci].place_explicit {
                last_place = Some((p, para));
            }
        }
        cands[ci].unnamed_place = place.is_some_and(|p| places[p].kind == PlaceKind::Unnamed);
        cands[ci].place = place;
        // Date: the expression nearest the trigger in the clause, else in
        // the sentence, else the story's date in this paragraph.
        let mut date = nearest_time(a, times, &clause, anchor);
        cands[ci].date_explicit = date.is_some();
        if date.is_none() {
            // A date earlier in the sentence governs what follows it; one
            // in a later clause belongs to that clause.
            date = nearest_time(a, times, &(sent.start..clause.start), anchor);
            cands[ci].date_explicit = date.is_some();
        }
        if date.is_none() {
            // "BAMAKO, 12 août (Reuters) - La police a dispersé ...": with no
            // other day in its sentence, the event is the report's news of
            // the day.
            date = times
                .iter()
                .position(|t| t.dateline && in_range(&sent, &t.tokens));
            cands[ci].date_explicit = date.is_some();
        }
        if date.is_none() && !cands[ci].pluperfect {
            if let Some((t, tpara)) = last_date {
                if tpara == para || para == tpara + 1 {
                    date = Some(t);
                }
            }
        }
        if let (Some(t), true) = (date, cands[ci].date_explicit) {
            last_date = Some((t, para));
        }
        cands[ci].date_precision = date
            .filter(|_| cands[ci].date_explicit)
            .map(|t| times[t].interval.precision);
        cands[ci].date = date;
        // Subjects carried across sentences: "Le CSP avait attaqué ...
        // Les assaillants se sont retirés" keeps the CSP.
        if cands[ci].actor1.is_none() && cands[ci].family != Family::Demonstration {
            if let Some((x, xpara)) = last_actor {
                if para <= xpara + 1 && !same_actor(st, Some(x), cands[ci].actor2) {
                    cands[ci].actor1 = Some(x);
                }
            }
        }
        if let Some(x) = cands[ci].actor1 {
            if st.actors()[x].inter != 7 {
                last_actor = Some((x, para));
            }
        }
        // Countries named in the sentence (parties to an agreement).
        cands[ci].countries = places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == PlaceKind::Country && in_range(&sent, &p.tokens))
            .map(|(i, _)| i)
            .collect();
    }
    attach_fatalities(text, a, st, cands, &paras);
}

fn nearest_time(
    a: &Analysis,
    times: &[TimeFact],
    range: &Range<usize>,
    anchor: usize,
) -> Option<usize> {
    times
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.may_date_event()
                // "their firing in 2011", "the 2015 accord": a year alone
                // names what an event refers to, not its day.
                && t.interval.precision < Precision::Year
                && in_range(range, &t.tokens)
                && !in_aside(a, &t.tokens, anchor)
        })
        .min_by_key(|(_, t)| t.tokens.start.abs_diff(anchor))
        .map(|(i, _)| i)
}

/// "the sons of the mayor [killed in an ambush on 6 July] assaulted ...": a
/// day inside brackets that do not hold the trigger dates the aside, not
/// the event.
fn in_aside(a: &Analysis, time: &Range<usize>, anchor: usize) -> bool {
    const REACH: usize = 40;
    let open = (time.start.saturating_sub(REACH)..time.start)
        .rev()
        .find(|&i| matches!(a.norm(i), "(" | "[" | ")" | "]"))
        .filter(|&i| matches!(a.norm(i), "(" | "["));
    let close = (time.end..(time.end + REACH).min(a.tokens.len()))
        .find(|&i| matches!(a.norm(i), "(" | "[" | ")" | "]"))
        .filter(|&i| matches!(a.norm(i), ")" | "]"));
    match (open, close) {
        (Some(o), Some(c)) => !(o < anchor && anchor < c),
        _ => false,
    }
}

/// Fatality figures of the candidate's clause, or of its sentence, or of
/// the sentences right after it that tell no event of their own.
fn attach_fatalities(
    text: &str,
    a: &Analysis,
    st: &dyn Stages,
    cands: &mut [Candidate],
    paras: &[usize],
) {
    let _ = text;
    let fats = st.fatalities();
    let trigger_sentences: BTreeSet<usize> = cands.iter().map(|c| c.sentence).collect();
    let mut taken = vec![false; fats.len()];
    // Clause first.
    for c in cands.iter_mut() {
        for (i, f) in fats.iter().enumerate() {
            if !taken[i] && in_range(&c.clause, &f.tokens) {
                c.fatalities.push(i);
                taken[i] = true;
            }
        }
    }
    // Then the rest of the sentence, to the nearest candidate.
    for (i, f) in fats.iter().enumerate() {
        if taken[i] {
            continue;
        }
        let owner = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| in_range(&a.sentences[c.sentence].tokens, &f.tokens))
            .min_by_key(|(_, c)| c.clause.start.abs_diff(f.tokens.start))
            .map(|(k, _)| k);
        if let Some(k) = owner {
            cands[k].fatalities.push(i);
            taken[i] = true;
        }
    }
    // Then sentences without events: to the last candidate before them in
    // the same paragraph or the one before.
    for (i, f) in fats.iter().enumerate() {
        if taken[i] {
            continue;
        }
        let Some(fs) = a.sentence_of(f.tokens.start) else {
            continue;
        };
        if trigger_sentences.contains(&fs) {
            continue;
        }
        let owner = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.sentence < fs && fs - c.sentence <= 2 && paras[fs] <= paras[c.sentence] + 1
            })
            .filter(|(_, c)| c.family == Family::Violent || c.family == Family::Demonstration)
            .max_by_key(|(_, c)| (c.sentence, c.clause.start))
            .map(|(k, _)| k);
        if let Some(k) = owner {
            cands[k].fatalities.push(i);
            if !cands[k].evidence.contains(&a.sentences[fs].span) {
                cands[k].evidence.push(a.sentences[fs].span);
            }
            taken[i] = true;
        }
    }
    for c in cands.iter_mut() {
        let vs: Vec<Victims> = c.fatalities.iter().map(|&i| fats[i].victims).collect();
        c.victims = if vs.contains(&Victims::Civilians) {
            Some(Victims::Civilians)
        } else if vs.contains(&Victims::Military) {
            Some(Victims::Military)
        } else {
            vs.first().copied()
        };
    }
}

/// The day interval a candidate is dated to.
pub fn interval_of(st: &dyn Stages, c: &Candidate) -> Option<(DateInterval, chrono::NaiveDate)> {
    if let Some((iv, best, _)) = c.date_derived {
        return Some((iv, best));
    }
    match c.date {
        Some(t) => {
            let t = &st.times()[t];
            Some((t.interval, t.best))
        }
        None => st.publication().map(|(iv, best)| {
            // No date in the text: the event is reported, so it happened on
            // or shortly before publication; never claim a day.
            let precision = match iv.precision {
                Precision::Day => Precision::Week,
                p => p,
            };
            let earliest = iv.earliest - chrono::Duration::days(if c.pluperfect { 30 } else { 6 });
            // ACLED coders date undated news of the day to the day before
            // publication; a record's stamp is its event's own date.
            let best = if iv.precision == Precision::Day && !st.stamped_with_event_date() {
                best - chrono::Duration::days(1)
            } else {
                best
            };
            (DateInterval::new(earliest, iv.latest, precision), best)
        }),
    }
}

/// "L'attaque est intervenue le lendemain de la création de l'Alliance":
/// the event named after such an expression is dated from the event told
/// before it in the same sentence. Runs after aggregation, when the event
/// told first has its date.
pub fn derive_relative_dates(a: &Analysis, st: &dyn Stages, cands: &mut [Candidate]) {
    for t in st.times() {
        let Some(k) = t.relative_days else { continue };
        let Some(ts) = a.sentence_of(t.tokens.start) else {
            continue;
        };
        let in_sentence = |m: &Match| a.sentence_of(m.tokens.start) == Some(ts);
        let before = cands.iter().position(|c| {
            c.triggers
                .iter()
                .any(|m| in_sentence(m) && m.tokens.end <= t.tokens.start)
        });
        let after = cands.iter().position(|c| {
            !c.date_explicit
                && c.triggers
                    .iter()
                    .any(|m| in_sentence(m) && m.tokens.start >= t.tokens.end)
        });
        if let (Some(b), Some(f)) = (before, after) {
            if b == f {
                continue;
            }
            if let Some((iv, best)) = interval_of(st, &cands[b]) {
                let d = chrono::Duration::days(k);
                let shifted = DateInterval::new(iv.earliest - d, iv.latest - d, iv.precision);
                cands[f].date_derived = Some((shifted, best - d, t.span));
                cands[f].date_explicit = true;
            }
        }
    }
}

fn compatible_actors(st: &dyn Stages, x: &Candidate, y: &Candidate) -> bool {
    let named = |i: Option<usize>| i.filter(|&i| !st.actors()[i].generic);
    let conflict = |p: Option<usize>, q: Option<usize>| match (named(p), named(q)) {
        (Some(p), Some(q)) => st.actors()[p].key != st.actors()[q].key,
        _ => false,
    };
    let straight = !conflict(x.actor1, y.actor1) && !conflict(x.actor2, y.actor2);
    let crossed = !conflict(x.actor1, y.actor2) && !conflict(x.actor2, y.actor1);
    straight || crossed
}

/// A candidate with no place joins one with a place: it is the same story
/// told without repeating where ("Their march was dispersed by police").
fn same_place(st: &dyn Stages, x: &Candidate, y: &Candidate) -> bool {
    // The villages of one list are separate events, known or not.
    if x.split.is_some() || y.split.is_some() {
        if let (Some(p), Some(q)) = (x.place, y.place) {
            let (p, q) = (&st.places()[p].location, &st.places()[q].location);
            if p.name != q.name {
                return false;
            }
        }
    }
    // A name the gazetteer lacks may be a neighbourhood or a spelling of a
    // place named elsewhere: it does not separate events either, unless the
    // report calls it a village or town of its own and the other place is a
    // town too (a region may hold the village).
    let known = |c: &Candidate| {
        c.place
            .filter(|&p| st.places()[p].kind != PlaceKind::Unnamed)
    };
    let village = |p: usize| {
        let f = &st.places()[p];
        f.kind == PlaceKind::Unnamed && f.settlement_noun
    };
    let town = |c: &Candidate| {
        c.place
            .filter(|&p| st.places()[p].kind == PlaceKind::Settlement || village(p))
    };
    let differ = |p: usize, q: usize| {
        let (p, q) = (&st.places()[p].location, &st.places()[q].location);
        p.name != q.name || p.country != q.country
    };
    if x.place.is_some_and(village) || y.place.is_some_and(village) {
        if let (Some(p), Some(q)) = (town(x), town(y)) {
            return !differ(p, q);
        }
    }
    match (known(x), known(y)) {
        (Some(p), Some(q)) => !differ(p, q),
        _ => true,
    }
}

fn same_day(st: &dyn Stages, x: &Candidate, y: &Candidate) -> bool {
    if !x.date_explicit || !y.date_explicit {
        return true;
    }
    let sharp = |c: &Candidate| c.date_precision.is_some_and(|p| p <= Precision::Week);
    match (interval_of(st, x), interval_of(st, y)) {
        // Two days or weeks told in the text separate events (a report
        // dated only by its month knows its weekdays only to the week).
        (Some((_, a)), Some((_, b))) if sharp(x) && sharp(y) => a == b,
        // "ce mois-ci" does not separate an event from a day inside it;
        // "in December 2016" does from a day of July 2019.
        (Some((a, _)), Some((b, _))) => a.earliest <= b.latest && b.earliest <= a.latest,
        _ => true,
    }
}

/// ACLED aggregation inside a document: same actors, same place, same day
/// is one event; the same event told twice is one event with both spans.
pub fn aggregate(st: &dyn Stages, mut cands: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    // Statements join what they talk about and are dropped otherwise.
    cands.sort_by_key(|c| (c.statement, c.sentence, c.clause.start));
    for c in cands {
        let target = out.iter_mut().position(|o| {
            let fam_ok = o.family == c.family
                || (c.statement && family_group(o.family) == family_group(c.family));
            let day_ok = if c.statement {
                match (interval_of(st, o), interval_of(st, &c)) {
                    (Some((_, a)), Some((_, b))) => (a - b).num_days().abs() <= 1,
                    _ => true,
                }
            } else {
                same_day(st, o, &c)
            };
            let same = fam_ok && same_place(st, o, &c) && day_ok && compatible_actors(st, o, &c);
            // ACLED: the same actors at the same place on the same day are
            // one event, typed by the highest tactic: the looting, the
            // withdrawal or the seizures of a fight are part of it.
            // Arrests join a demonstration (an intervention), not a fight.
            // An incursion that loots is the looting ("entered the village
            // and seized livestock").
            let joins = |sd: Family, f: Family| {
                absorbable(sd)
                    && (fighting(f) || raid_then_loot(sd, f))
                    && (sd != Family::Strategic(Class::Arrest) || f == Family::Demonstration)
            };
            let absorbed = !c.statement
                && (joins(c.family, o.family) || joins(o.family, c.family))
                && (o.place.is_some() || c.place.is_none() || raid_loots(o, &c))
                && same_place(st, o, &c)
                && same_day(st, o, &c)
                && (shares_actor(st, o, &c) || arrests_at_protest(st, o, &c));
            same || absorbed
        });
        match target {
            Some(k) => {
                if raid_then_loot(out[k].family, c.family) {
                    out[k].family = c.family;
                    if out[k].place.is_none() {
                        out[k].place = c.place;
                        out[k].place_explicit = c.place_explicit;
                    }
                }
                merge_into(st, &mut out[k], c)
            }
            None if c.statement => {}
            None => out.push(c),
        }
    }
    // An event needs a place: once the story has located events, a
    // violent or demonstration candidate with no place of its own or of the
    // story is a mention of background, not a new event.
    if out.iter().any(|c| c.place.is_some()) {
        out.retain(|c| c.place.is_some() || !fighting(c.family));
    }
    out.sort_by_key(|c| (c.sentence, c.clause.start));
    out
}

/// Arrests the same day and place as a demonstration, by the state, of
/// people no named armed group: the police's intervention, whatever the
/// report calls those arrested ("ses militants").
fn arrests_at_protest(st: &dyn Stages, x: &Candidate, y: &Candidate) -> bool {
    let arrest = match (x.family, y.family) {
        (Family::Strategic(Class::Arrest), Family::Demonstration) => x,
        (Family::Demonstration, Family::Strategic(Class::Arrest)) => y,
        _ => return false,
    };
    let named_armed = [arrest.actor1, arrest.actor2]
        .into_iter()
        .flatten()
        .any(|i| {
            let a = &st.actors()[i];
            a.is_armed() && !a.is_state() && !a.generic
        });
    !named_armed
}

/// A movement told with the looting it made: the looting's place is the
/// movement's ("made an incursion into X and seized cattle").
fn raid_loots(o: &Candidate, c: &Candidate) -> bool {
    raid_then_loot(o.family, c.family) && o.sentence == c.sentence
}

/// A movement (incursion, entry) and a looting: the looting is the event.
fn raid_then_loot(movement: Family, loot: Family) -> bool {
    movement == Family::Strategic(Class::Change) && loot == Family::Strategic(Class::Loot)
}

fn absorbable(f: Family) -> bool {
    matches!(
        f,
        Family::Strategic(Class::Loot | Class::Change | Class::Defuse | Class::Arrest)
    )
}

fn fighting(f: Family) -> bool {
    matches!(f, Family::Violent | Family::Demonstration)
}

/// Whether two candidates share an actor (or one of them names none).
fn shares_actor(st: &dyn Stages, x: &Candidate, y: &Candidate) -> bool {
    let keys = |c: &Candidate| -> Vec<&str> {
        [c.actor1, c.actor2]
            .into_iter()
            .flatten()
            .map(|i| st.actors()[i].key.as_str())
            .collect()
    };
    let (kx, ky) = (keys(x), keys(y));
    kx.is_empty() || ky.is_empty() || kx.iter().any(|k| ky.contains(k))
}

fn family_group(f: Family) -> u8 {
    match f {
        Family::Violent => 0,
        Family::Demonstration => 1,
        Family::Strategic(_) => 2,
    }
}

fn merge_into(st: &dyn Stages, o: &mut Candidate, c: Candidate) {
    if absorbable(o.family) && fighting(c.family) {
        o.family = c.family;
    }
    for s in c.evidence {
        if !o.evidence.contains(&s) {
            o.evidence.push(s);
        }
    }
    o.evidence.sort();
    if c.claimed.is_some() {
        o.claimed_classes.extend(c.claimed_classes.iter().copied());
    } else {
        o.classes.extend(c.classes.iter().copied());
        o.rules.extend(c.rules.iter().copied());
    }
    if o.claimed.is_some() && c.claimed.is_none() {
        // A reported account outweighs a party's claim.
        o.claimed = None;
    }
    // A name told in the next sentence outweighs "gunmen" or "jihadists"
    // (a headline's description, the lead's name); a background sentence
    // further on names the usual suspects, not this event's.
    let next = o.sentence.abs_diff(c.sentence) <= 1;
    let vague = |x: Option<usize>| x.is_none_or(|i| st.actors()[i].unidentified);
    let named = |x: Option<usize>| next && x.is_some_and(|i| !st.actors()[i].generic);
    if o.actor1.is_none() || (vague(o.actor1) && named(c.actor1) && c.actor1 != o.actor2) {
        o.actor1 = c.actor1;
    }
    if (o.actor2.is_none() || (vague(o.actor2) && named(c.actor2))) && c.actor2 != o.actor1 {
        o.actor2 = c.actor2;
    }
    if o.place.is_none()
        || (!o.place_explicit && c.place_explicit)
        || (o.unnamed_place
            && c.place
                .is_some_and(|p| st.places()[p].kind == PlaceKind::Settlement))
    {
        o.place = c.place;
        o.place_explicit = c.place_explicit;
        o.unnamed_place = c.unnamed_place;
    }
    // The sharpest date told wins; "ce mois-ci" does not replace a day,
    // not even one the event inherited from its story.
    let inherited = o
        .date
        .map(|t| st.times()[t].interval.precision)
        .unwrap_or(Precision::Year);
    let sharper = match (o.date_precision, c.date_precision) {
        (_, None) => false,
        (None, Some(p)) => {
            p <= Precision::Week || (!o.date_explicit && (o.date.is_none() || p < inherited))
        }
        (Some(a), Some(b)) => b < a,
    };
    if c.date_explicit && sharper {
        o.date = c.date;
        o.date_explicit = true;
        o.date_precision = c.date_precision;
    }
    o.fatalities.extend(c.fatalities);
    if o.split.is_none() {
        o.split = c.split;
        o.split_fatalities = c.split_fatalities;
    }
    if o.victims.is_none() {
        o.victims = c.victims;
    }
    if !c.statement {
        o.triggers.extend(c.triggers);
    }
}

/// ACLED's sub-event type for an aggregated candidate, and the trigger that
/// decided it.
pub fn sub_event_type(st: &dyn Stages, c: &Candidate, withdrawn_same_day: bool) -> &'static str {
    use Class::*;
    let has = |x: Class| c.classes.contains(&x);
    let actor = |i: Option<usize>| i.map(|i| &st.actors()[i]);
    let a1 = actor(c.actor1);
    let a2 = actor(c.actor2);
    match c.family {
        Family::Demonstration => {
            // "militants ransacked the voting offices": an armed group's
            // wrecking is looting, not a riot.
            let armed_group = a1.is_some_and(|x| x.is_armed() && !x.is_state());
            if armed_group && !has(Protest) && !has(Mob) {
                return "Looting/property destruction";
            }
            if has(Mob) && !has(Protest) {
                "Mob violence"
            } else if has(Riot) || (has(Attack) && !a1.is_some_and(|x| x.is_state())) {
                "Violent demonstration"
            } else if has(Lethal) || (has(Kill) && c.victims != Some(Victims::Military)) {
                "Excessive force against protesters"
            } else if has(Disperse) || has(Arrest) {
                "Protest with intervention"
            } else {
                "Peaceful protest"
            }
        }
        Family::Strategic(sd) => match sd {
            Agreement => "Agreement",
            Arrest => {
                if a1.is_some_and(|x| !x.is_state() && x.is_armed()) {
                    "Abduction/forced disappearance"
                } else {
                    "Arrests"
                }
            }
            Change | Withdraw => "Change to group/activity",
            Defuse => "Disrupted weapons use",
            Base => "Headquarters or base established",
            // Villagers or students wrecking property are a mob, not an
            // armed group's raid.
            Loot if has(Crowd) && ![a1, a2].into_iter().flatten().any(|x| x.is_armed()) => {
                "Mob violence"
            }
            Loot => "Looting/property destruction",
            Transfer => "Non-violent transfer of territory",
            _ => "Other",
        },
        Family::Violent => {
            // Violence between crowds or communities with no organised armed
            // group named: stones, machetes, a fight that broke out.
            // Gunmen are an armed group even unnamed ("unknown gunmen
            // abducted three traders"); a group named through "militants"
            // is named.
            let armed_named = [a1, a2].into_iter().flatten().any(|x| x.is_armed())
                || a1.is_some_and(|x| x.is_state())
                || a2.is_some_and(|x| x.is_state());
            if (has(Riot) || has(Mob) || has(Crowd)) && !armed_named && !has(Military) {
                return "Mob violence";
            }
            // Students, traders or supporters fighting each other or the
            // police are a riot, not a battle: ACLED's battles need an
            // organised armed group on both sides.
            let rebels_named = [a1, a2]
                .into_iter()
                .flatten()
                .any(|x| x.is_armed() && !x.is_state() && !x.unidentified);
            let crowd = has(Crowd)
                || [a1, a2]
                    .into_iter()
                    .flatten()
                    .any(|x| matches!(x.inter, 5 | 6));
            if crowd && (has(Clash) || has(Riot) || has(Mob)) && !rebels_named {
                return "Mob violence";
            }
            // Soldiers or police named as the ones acting say nothing of
            // the target ("Nigerien soldiers shot five minors").
            let state_acts = a1.is_some_and(|x| x.is_state()) && a2.is_none();
            let target_armed = a2.is_some_and(|x| x.is_armed())
                || c.victims == Some(Victims::Military)
                || c.victims == Some(Victims::Militants)
                || (has(Military)
                    && !matches!(c.victims, Some(Victims::Civilians))
                    && !(state_acts && has(Civilian)));
            let target_civil = a2.is_some_and(|x| x.inter == 7)
                || c.victims == Some(Victims::Civilians)
                || (has(Civilian) && !target_armed);
            // An attack delivered by explosives alone (a car bomb, a drone)
            // is remote violence; a battle needs an exchange of fire.
            let explosive = has(Air)
                || has(Suicide)
                || has(Shelling)
                || has(Ied)
                || has(Grenade)
                || has(Chemical);
            // Ground taken with no fighting, no blow and no dead told is
            // taken without resistance: a transfer, not a battle.
            // An army camp or base taken from its troops was fought for.
            let blows = has(Clash)
                || has(Ambush)
                || has(Attack)
                || has(Kill)
                || has(Abduct)
                || explosive
                || !c.fatalities.is_empty()
                || (has(Military) && a2.is_some_and(|x| x.is_armed()));
            // A rebel advance is fought for unless the report says it was
            // not: ACLED types a group's taking of a town as a battle; a
            // state's recapture told without a blow is a transfer.
            let rebels_advance =
                has(Capture) && !has(Retake) && a1.is_some_and(|x| matches!(x.inter, 2..=4));
            if (has(Capture) || has(Retake))
                && !blows
                && !rebels_advance
                && !has(Brief)
                && !withdrawn_same_day
            {
                return "Non-violent transfer of territory";
            }
            let fight = has(Clash)
                || has(Ambush)
                || ((has(Capture) || has(Retake)) && target_armed)
                || (has(Attack) && target_armed && !explosive);
            if fight || (has(Capture) || has(Retake)) && !target_civil {
                if (has(Capture) || has(Retake)) && !withdrawn_same_day && !has(Brief) {
                    // A government or foreign state forces retaking ground
                    // are the state side too.
                    if a1.is_some_and(|x| matches!(x.inter, 1 | 8) && !x.mutiny) {
                        return "Government regains territory";
                    }
                    if has(Retake) && a1.is_none() {
                        return "Government regains territory";
                    }
                    return "Non-state actor overtakes territory";
                }
                return "Armed clash";
            }
            if has(Chemical) {
                return "Chemical weapon";
            }
            if has(Air) {
                return "Air/drone strike";
            }
            if has(Suicide) {
                return "Suicide bomb";
            }
            if has(AircraftDown) && has(Drone) {
                return "Disrupted weapons use";
            }
            if has(Shelling) || has(AircraftDown) {
                return "Shelling/artillery/missile attack";
            }
            if has(Ied) {
                return "Remote explosive/landmine/IED";
            }
            if has(Grenade) {
                return "Grenade";
            }
            if has(Sexual) {
                return "Sexual violence";
            }
            if target_civil && (has(Kill) || has(Attack)) {
                return "Attack";
            }
            if has(Kill) && !target_armed && a1.is_some_and(|x| x.is_armed()) {
                return "Attack";
            }
            // An attack on an unarmed target that only destroyed property
            // (a tanker, a school) is property destruction; with victims
            // it is violence against civilians.
            if has(Attack) && !target_armed && !has(Clash) && !has(Ambush) {
                if has(Loot) && c.fatalities.is_empty() {
                    return "Looting/property destruction";
                }
                if !has(Military) {
                    return "Attack";
                }
            }
            if has(Abduct) {
                return "Abduction/forced disappearance";
            }
            if has(Kill) && !target_armed && a1.is_some_and(|x| x.is_armed()) && a2.is_none() {
                return "Attack";
            }
            "Armed clash"
        }
    }
}
