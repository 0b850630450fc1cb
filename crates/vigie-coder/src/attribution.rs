//! Who did an attack told without its author: "an IED struck a vehicle
//! near Boni ... JNIM claimed responsibility", "the device was likely planted
//! by ISGS militants", "l'attaque a été revendiquée par le JNIM". ACLED
//! codes the named group as the attacker; vigie does the same when the
//! event itself names no one but unidentified gunmen.

use crate::engine::{paragraphs, Candidate, Family};
use crate::facts::{Stages, Victims};
use vigie_text::Analysis;

/// How many sentences after an event's own a claim may still be about it.
const FOLLOWING: usize = 2;

/// Gives each violent candidate without a named attacker the group that a
/// claim or an attribution of its passage names.
pub fn attribute(text: &str, a: &Analysis, st: &dyn Stages, cands: &mut [Candidate]) {
    let actors = st.actors();
    // "Three soldiers were killed when their vehicle struck a mine": the
    // soldiers named first are the victims, not the attackers.
    let victims_first = |c: &Candidate| {
        c.victims == Some(Victims::Military) && c.actor1.is_some_and(|i| actors[i].is_state())
    };
    let unnamed = |c: &Candidate| {
        c.family == Family::Violent
            && (c.actor1.is_none_or(|i| actors[i].unidentified) || victims_first(c))
    };
    if !cands.iter().any(unnamed) {
        return;
    }
    let paras = paragraphs(text, a);
    for ci in 0..cands.len() {
        if !unnamed(&cands[ci]) {
            continue;
        }
        let first = cands[ci].sentence;
        let last = (first + FOLLOWING).min(a.sentences.len().saturating_sub(1));
        let mut author = None;
        for si in first..=last {
            // Wire copy often gives the claim a paragraph of its own.
            if paras[si] > paras[first] + 1 {
                break;
            }
            // A later sentence with an attack of its own by a named group
            // tells another event.
            let own_event = si > first
                && cands.iter().any(|o| {
                    o.sentence == si
                        && o.family == Family::Violent
                        && o.actor1.is_some_and(|i| !actors[i].unidentified)
                });
            let range = if si == first {
                cands[ci].clause.start..a.sentences[si].tokens.end
            } else {
                a.sentences[si].tokens.clone()
            };
            // The group nearest the cue: "the al-Qaeda-linked JNIM claimed".
            author = st.authors(range).into_iter().find_map(|(cue, by)| {
                actors
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| {
                        !x.unidentified
                            && !x.is_state()
                            && x.is_armed()
                            && by.start <= x.tokens.start
                            && x.tokens.end <= by.end
                    })
                    .min_by_key(|(_, x)| {
                        cue.start
                            .abs_diff(x.tokens.end)
                            .min(x.tokens.start.abs_diff(cue.end))
                    })
                    .map(|(i, _)| i)
            });
            if author.is_some() || own_event {
                break;
            }
        }
        if let Some(i) = author {
            let victims = victims_first(&cands[ci])
                .then_some(cands[ci].actor1)
                .flatten();
            let c = &mut cands[ci];
            if c.actor2 == Some(i) {
                c.actor2 = None;
            }
            c.actor1 = Some(i);
            if c.actor2.is_none() {
                c.actor2 = victims;
            }
        }
    }
}
