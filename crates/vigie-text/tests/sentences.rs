//! Sentence segmentation, case by case: each input and the sentences it
//! must split into.

use vigie_text::analyse;

const CASES: &[(&str, &[&str])] = &[
    // Titles and abbreviations.
    (
        "M. Touré est arrivé. Il a parlé.",
        &["M. Touré est arrivé.", "Il a parlé."],
    ),
    (
        "Le Gén. Diarra a parlé à Mme Keïta. Elle a répondu.",
        &["Le Gén. Diarra a parlé à Mme Keïta.", "Elle a répondu."],
    ),
    (
        "Selon le Lt. Col. Koné, l’attaque a fait 3 morts.",
        &["Selon le Lt. Col. Koné, l’attaque a fait 3 morts."],
    ),
    (
        "MM. Keïta et Diallo étaient présents. La séance a été levée.",
        &[
            "MM. Keïta et Diallo étaient présents.",
            "La séance a été levée.",
        ],
    ),
    (
        "Mr. Bazoum was detained. Mrs. Bazoum too.",
        &["Mr. Bazoum was detained.", "Mrs. Bazoum too."],
    ),
    (
        "Gen. Tiani spoke on Sunday. He promised elections.",
        &["Gen. Tiani spoke on Sunday.", "He promised elections."],
    ),
    (
        "Lt. Col. John Smith said 2.5 tonnes of arms were seized.",
        &["Lt. Col. John Smith said 2.5 tonnes of arms were seized."],
    ),
    (
        "Dr. Sow and Pr. Ba left. Others stayed.",
        &["Dr. Sow and Pr. Ba left.", "Others stayed."],
    ),
    (
        "The U.S. Embassy condemned the attack. It called for calm.",
        &[
            "The U.S. Embassy condemned the attack.",
            "It called for calm.",
        ],
    ),
    (
        "Les U.S. forces left. The U.N. mission stayed.",
        &["Les U.S. forces left.", "The U.N. mission stayed."],
    ),
    (
        "At 3 p.m. local time the base was shelled. Two died.",
        &["At 3 p.m. local time the base was shelled.", "Two died."],
    ),
    (
        "Hier, le chef de l’Etat, SEM. Issoufou Mahamadou a dépêché le Premier ministre.",
        &["Hier, le chef de l’Etat, SEM. Issoufou Mahamadou a dépêché le Premier ministre."],
    ),
    // Initials.
    (
        "J. Smith said so. He left.",
        &["J. Smith said so.", "He left."],
    ),
    (
        "Le lieutenant A. B. Maïga a été nommé. Il remplace le colonel.",
        &[
            "Le lieutenant A. B. Maïga a été nommé.",
            "Il remplace le colonel.",
        ],
    ),
    // Months before a number, and the same words ending a sentence.
    (
        "Le 12 sept. 2023, des tirs ont été entendus.",
        &["Le 12 sept. 2023, des tirs ont été entendus."],
    ),
    (
        "The attack happened on Sept. 12. It was claimed by JNIM.",
        &[
            "The attack happened on Sept. 12.",
            "It was claimed by JNIM.",
        ],
    ),
    (
        "Ils étaient sept. Les autres ont fui.",
        &["Ils étaient sept.", "Les autres ont fui."],
    ),
    (
        "Battalion No. 3 was hit. Nobody died.",
        &["Battalion No. 3 was hit.", "Nobody died."],
    ),
    // Numbers.
    (
        "Le bilan est de 2,5 millions. La suite est inconnue.",
        &["Le bilan est de 2,5 millions.", "La suite est inconnue."],
    ),
    (
        "Puis 2.5 km plus loin. Sept. 12 was calm.",
        &["Puis 2.5 km plus loin.", "Sept. 12 was calm."],
    ),
    (
        "Le bilan s’élève à 1 500 morts. Les secours sont débordés.",
        &[
            "Le bilan s’élève à 1 500 morts.",
            "Les secours sont débordés.",
        ],
    ),
    (
        "The toll rose to 31. 12 of them were civilians.",
        &["The toll rose to 31.", "12 of them were civilians."],
    ),
    (
        "Il était 9h30. Les tirs ont repris.",
        &["Il était 9h30.", "Les tirs ont repris."],
    ),
    // Guillemets and quotes.
    (
        "« Nous avons repoussé l’attaque. » Le porte-parole a ajouté un mot.",
        &[
            "« Nous avons repoussé l’attaque. »",
            "Le porte-parole a ajouté un mot.",
        ],
    ),
    (
        "Il a dit : « c'est fini ». Puis il est parti.",
        &["Il a dit : « c'est fini ».", "Puis il est parti."],
    ),
    (
        "«Les terroristes ont fui.» L’armée a sécurisé la zone.",
        &["«Les terroristes ont fui.»", "L’armée a sécurisé la zone."],
    ),
    (
        "Il a dit : « c'est fini. Nous partons. » Puis il est parti.",
        &[
            "Il a dit : « c'est fini.",
            "Nous partons. »",
            "Puis il est parti.",
        ],
    ),
    (
        "\"We repelled the attack,\" the army said. \"Twelve terrorists were killed.\"",
        &[
            "\"We repelled the attack,\" the army said.",
            "\"Twelve terrorists were killed.\"",
        ],
    ),
    (
        "\"It is over.\" The minister left.",
        &["\"It is over.\"", "The minister left."],
    ),
    (
        "He called it “a massacre.” Then he left.",
        &["He called it “a massacre.”", "Then he left."],
    ),
    (
        "He said it was 'over.' Then he left.",
        &["He said it was 'over.'", "Then he left."],
    ),
    (
        "L’armée (FAMa) a riposté. (AFP) Les combats continuent.",
        &["L’armée (FAMa) a riposté.", "(AFP) Les combats continuent."],
    ),
    // Other terminal marks.
    (
        "Qui a tiré ? Personne ne le sait !",
        &["Qui a tiré ?", "Personne ne le sait !"],
    ),
    ("Why? Nobody knows!", &["Why?", "Nobody knows!"]),
    (
        "Ils sont venus… Puis ils sont repartis.",
        &["Ils sont venus…", "Puis ils sont repartis."],
    ),
    // Headlines, datelines, bullets and paragraphs.
    (
        "Attaque à Bourem\nDe violents affrontements ont eu lieu.",
        &["Attaque à Bourem", "De violents affrontements ont eu lieu."],
    ),
    (
        "15 killed in jihadist attack in Burkina Faso\nThe raid took place at night.",
        &[
            "15 killed in jihadist attack in Burkina Faso",
            "The raid took place at night.",
        ],
    ),
    (
        "Niger : au moins 14 soldats tués\n\nAu moins 14 soldats ont été tués.",
        &[
            "Niger : au moins 14 soldats tués",
            "Au moins 14 soldats ont été tués.",
        ],
    ),
    (
        "Bilan :\n- 12 morts\n- 8 blessés",
        &["Bilan :", "- 12 morts", "- 8 blessés"],
    ),
    (
        "Bilan :\n• 3 soldats tués\n• 2 véhicules détruits\n",
        &["Bilan :", "• 3 soldats tués", "• 2 véhicules détruits"],
    ),
    (
        "* first point\n* second point",
        &["* first point", "* second point"],
    ),
    (
        "1. Les faits\n2. Les suites",
        &["1. Les faits", "2. Les suites"],
    ),
    // Hard-wrapped lines go on.
    (
        "The army said the attack\nkilled 12 soldiers on the road\nto Djibo.",
        &["The army said the attack\nkilled 12 soldiers on the road\nto Djibo."],
    ),
    (
        "L’armée a indiqué que l’attaque,\nmenée à l’aube, a fait 4 morts.",
        &["L’armée a indiqué que l’attaque,\nmenée à l’aube, a fait 4 morts."],
    ),
    // Lower case after a period does not start a sentence.
    (
        "Des tirs ont éclaté vers 5 h. du matin selon des témoins.",
        &["Des tirs ont éclaté vers 5 h. du matin selon des témoins."],
    ),
    ("", &[]),
    ("   \n  ", &[]),
    ("Pas de point final", &["Pas de point final"]),
];

#[test]
fn segmentation_table() {
    let mut failures = Vec::new();
    for (text, want) in CASES {
        let a = analyse(text, None);
        let got: Vec<&str> = a.sentences.iter().map(|s| s.span.slice(text)).collect();
        if got != *want {
            failures.push(format!("{text:?}\n   got  {got:?}\n   want {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
