//! ACLED's rules over the figures of one event: lowest figure for the same
//! victims, different victims add up, totals split over several events.

use crate::fatalities::{FatalityMention, Outcome, Victims};
use vigie_model::Span;

/// An event's fatalities from the figures of its sentences, with ACLED's
/// rules: `None` when no toll is given, 0 for an explicit "no victims";
/// conflicting figures for the same victims take the lowest; figures for
/// different victims (soldiers, attackers, civilians) add up; a figure for
/// unspecified dead is a total, kept when larger than the sum of the others.
/// Wounded, missing, abducted and arrested people never count.
///
/// Returns the value, the span covering the figures used and their words.
pub fn combine(ms: &[FatalityMention]) -> Option<(u32, Span, String)> {
    let killed: Vec<&FatalityMention> = ms
        .iter()
        .filter(|m| m.outcome == Outcome::Killed && !m.subset && m.part_of.is_none())
        .collect();
    // Shares alone (the caller passed one event's share) count as figures.
    let killed: Vec<&FatalityMention> = if killed.is_empty() {
        ms.iter()
            .filter(|m| m.outcome == Outcome::Killed && m.part_of.is_some())
            .collect()
    } else {
        killed
    };
    if killed.is_empty() {
        let zero = ms.iter().find(|m| m.outcome == Outcome::NoneKilled)?;
        return Some((0, zero.span, zero.text.clone()));
    }
    let mut best: std::collections::BTreeMap<Victims, &FatalityMention> = Default::default();
    for m in &killed {
        best.entry(m.victims)
            .and_modify(|b| {
                if m.count < b.count {
                    *b = m
                }
            })
            .or_insert(m);
    }
    let unknown = best.remove(&Victims::Unknown);
    let sum: u32 = best.values().map(|m| m.count).sum();
    let chosen: Vec<&FatalityMention> = match unknown {
        Some(u) if u.count >= sum => vec![u],
        _ => best.values().copied().collect(),
    };
    let value = chosen.iter().map(|m| m.count).sum();
    let mut chosen = chosen;
    chosen.sort_by_key(|m| m.span.start);
    let span = chosen
        .iter()
        .map(|m| m.span)
        .reduce(|x, y| x.cover(y))
        .unwrap_or(Span::new(0, 0));
    let text = chosen
        .iter()
        .map(|m| m.text.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    Some((value, span, text))
}

/// ACLED's split of a total over several events (days or places): equal
/// shares, the remainder going to the first ones. `parts == 0` gives nothing.
pub fn split_total(total: u32, parts: usize) -> Vec<u32> {
    if parts == 0 {
        return Vec::new();
    }
    let n = parts as u32;
    let base = total / n;
    let rest = (total % n) as usize;
    (0..parts).map(|i| base + u32::from(i < rest)).collect()
}
