//! An attack told without its author takes the group that a claim or the
//! reporter names in the same passage; a named attacker keeps its place.

mod common;

use common::extract;
use vigie_model::{Event, Lang};

fn attacker(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter(|e| e.event_type != "Protests")
        .filter_map(|e| e.actor1.as_ref().map(|a| a.name.clone()))
        .collect()
}

#[test]
fn a_device_planted_by_a_named_group_is_its_attack() {
    let ev = extract(
        "On Monday, a military vehicle struck an improvised explosive device near Boni, \
         killing two soldiers. The device was likely planted by JNIM militants, a security \
         source said.",
        Lang::En,
        (2024, 2, 14),
    );
    let who = attacker(&ev);
    assert!(who.iter().any(|a| a.starts_with("JNIM")), "{who:?}");
    assert!(
        !who.iter().any(|a| a.starts_with("Unidentified")),
        "{who:?}"
    );
}

#[test]
fn a_claim_in_the_next_sentence_names_the_attacker_in_french() {
    let ev = extract(
        "Des hommes armés non identifiés ont attaqué lundi le poste de gendarmerie de \
         Mansila, tuant quatre gendarmes. L'attaque a été revendiquée par l'État \
         islamique au Sahel.",
        Lang::Fr,
        (2024, 2, 14),
    );
    let who = attacker(&ev);
    assert!(
        who.iter().any(|a| a.starts_with("Islamic State")),
        "{who:?}"
    );
}

#[test]
fn nobody_claiming_leaves_the_attacker_unidentified() {
    let ev = extract(
        "Gunmen attacked a police post in Tessit on Sunday, killing three officers. No \
         group claimed the attack.",
        Lang::En,
        (2024, 2, 14),
    );
    let who = attacker(&ev);
    assert!(!who.is_empty());
    assert!(who.iter().all(|a| a.starts_with("Unidentified")), "{who:?}");
}

#[test]
fn a_named_attacker_is_not_replaced_by_a_rival_claim() {
    let ev = extract(
        "JNIM fighters attacked an army post in Boulkessi on Sunday. The Islamic State in \
         the Sahel later claimed responsibility.",
        Lang::En,
        (2024, 2, 14),
    );
    let who = attacker(&ev);
    assert!(who.iter().any(|a| a.starts_with("JNIM")), "{who:?}");
}

#[test]
fn the_leads_name_replaces_the_headlines_description() {
    let ev = extract(
        "Burkina: jihadists kill eleven soldiers near Djibo\n\n\
         DJIBO, March 4 — Fighters of the Islamic State in the Sahel killed eleven soldiers \
         in an attack on an army post near Djibo on Sunday, security sources said.",
        Lang::En,
        (2024, 3, 5),
    );
    let who = attacker(&ev);
    assert_eq!(who.len(), 1, "{who:?}");
    assert!(who[0].starts_with("Islamic State"), "{who:?}");
}
