//! Who did an attack told without its author: "an IED struck a vehicle
//! near Boni ... JNIM claimed responsibility", "the device was likely planted
//! by ISGS militants", "l'attaque a été revendiquée par le JNIM". ACLED
//! codes the named group as the attacker; vigie does the same when the
//! event itself names no one but unidentified gunmen.

use crate::engine::{paragraphs, Candidate, Family};
use crate::facts::Stages;
use vigie_text::Analysis;

/// How many sentences after an event's own a claim may still be about it.
const FOLLOWING: usize = 2;

/// Gives each violent candidate without a named attacker the group that a
/// claim or an attribution of its passage names.
pub fn attribute(text: &str, a: &Analysis, st: &dyn Stages, cands: &mut [Candidate]) {
    let actors = st.actors();
    let unnamed = |c: &Candidate| {
        c.family == Family::Violent && c.actor1.is_none_or(|i| actors[i].unidentified)
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
            if paras[si] != paras[first] {
                break;
            }
            // A later sentence with an attack of its own by a named group
            // tells another event.
            let own_event = si > first
                && cands.iter().any(|o| {
                    o.sentence == si
                        && o.family == Family::Violent
                        && o.actor1.is_some_and(|i| !actors[i].generic)
                });
            let range = if si == first {
                cands[ci].clause.start..a.sentences[si].tokens.end
            } else {
                a.sentences[si].tokens.clone()
            };
            author = st.authors(range).into_iter().find_map(|(_, by)| {
                actors.iter().position(|x| {
                    !x.generic
                        && !x.is_state()
                        && x.is_armed()
                        && by.start <= x.tokens.start
                        && x.tokens.end <= by.end
                })
            });
            if author.is_some() || own_event {
                break;
            }
        }
        if let Some(i) = author {
            let c = &mut cands[ci];
            if c.actor2 == Some(i) {
                c.actor2 = None;
            }
            c.actor1 = Some(i);
        }
    }
}
