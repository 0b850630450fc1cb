//! Language identification: French, English, anything else is `Other`; a
//! declared language always wins.

use vigie_model::Lang;
use vigie_text::analyse;

const CASES: &[(Lang, &str)] = &[
    (Lang::Fr, "Des hommes armés ont attaqué le village dans la nuit de samedi à dimanche."),
    (Lang::Fr, "Mali : au moins 14 soldats tués dans une embuscade près de Boni"),
    (Lang::Fr, "L’armée malienne a revendiqué la neutralisation de plusieurs terroristes lors d’une opération aérienne dans la région de Mopti."),
    (Lang::Fr, "Ouagadougou, 12 mars (AIB) - Le gouverneur de la région du Sahel a reçu mardi les chefs coutumiers de Dori, Gorom-Gorom et Djibo."),
    (Lang::Fr, "Selon un communiqué du CSP-PSD, les FAMa et Wagner ont bombardé Anéfis."),
    (Lang::En, "Armed men attacked the village overnight from Saturday to Sunday."),
    (Lang::En, "Mali: at least 14 soldiers killed in ambush near Boni"),
    (Lang::En, "On 4 May 2020, JNIM militants attacked a FAMa position in Boulkessi (Mopti). 3 soldiers were killed."),
    (Lang::En, "Around 20 individuals attacked the village of Diblou, said a security source."),
    (Lang::En, "Thousands protest outside French embassy in Niger capital amid coup"),
    (Lang::En, "NIAMEY, June 26 (Reuters) - Gunmen killed 12 soldiers near Tera, the defence ministry said."),
    (Lang::Other, "Hombres armados atacaron el pueblo durante la noche del sábado al domingo, según fuentes locales."),
    (Lang::Other, "Homens armados atacaram a aldeia durante a noite de sábado para domingo, segundo fontes locais."),
    (Lang::Other, "Bewaffnete Männer haben das Dorf in der Nacht von Samstag auf Sonntag angegriffen, berichteten örtliche Quellen."),
    (Lang::Other, "Uomini armati hanno attaccato il villaggio nella notte tra sabato e domenica, secondo fonti locali."),
    (Lang::Other, "Wasu 'yan bindiga sun kai hari a kauyen a daren Asabar zuwa Lahadi, in ji majiyoyin yankin."),
    (Lang::Other, ""),
    (Lang::Other, "12 345 678"),
];

#[test]
fn identification_table() {
    let mut failures = Vec::new();
    for (want, text) in CASES {
        let got = analyse(text, None).language();
        if got != *want {
            failures.push(format!("{text:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn declared_language_wins() {
    let fr = "Des hommes armés ont attaqué le village.";
    assert_eq!(analyse(fr, Some(Lang::En)).language(), Lang::En);
    assert_eq!(analyse(fr, Some(Lang::Other)).language(), Lang::Other);
}
