//! Actors, fatalities and claims: who, how many dead, and who says so.
//!
//! Three resolvers for the event coder, each a mechanism over data files in
//! `data/actors/` (embedded in the binary, validated on load; a bad line is an
//! error naming its file and line; format in `data/actors/README.md`):
//!
//! - **Actors** ([`Actors`]): [`Actors::find`] lists every actor mention of a
//!   document (names, acronyms, descriptions such as "l'armée malienne" or
//!   "des hommes armés", anaphors such as "la coalition" resolved to the actor
//!   named before); [`Actors::resolve`] names a mention as ACLED does on the
//!   event date ("Military Forces of Mali (2021-)"), with its inter code
//!   (8 for state forces abroad) and country.
//! - **Fatalities** ([`fatalities`], [`combine`], [`split_total`]): figures in
//!   digits and words, French and English, attached to who died, and the
//!   event's value under ACLED's rules.
//! - **Modality** ([`modality`], [`attribution`]): reported, claimed (and by
//!   whom), denied, hypothetical, future or negated.
//!
//! ## Notes for the event coder
//!
//! - **Country.** [`Actors::find`] takes the document's country as a hint;
//!   [`Actors::resolve`] takes the event's country: descriptions without a
//!   demonym ("l'armée", "civils", "gunmen") follow the event's country,
//!   names and demonyms keep theirs, and state forces acting outside their
//!   country get inter 8.
//! - **Anaphora.** An anaphoric mention carries its antecedent's `key`,
//!   `country` and `entity`; `antecedent` is the index of the mention it was
//!   resolved to. Mentions with the same `entity` are the same actor.
//! - **Crowds.** Mentions whose actor has tag `crowd` ("students", "jeunes",
//!   "mob", "manifestants", "émeutiers") name the crowd; ACLED names it after
//!   the event type: [`Actors::name_of`]`("rioters" | "protesters", ...)`.
//! - **Sub-units.** [`Actors::parent`] gives the organisation of a katiba
//!   (Katiba Macina -> `jnim`) for the associated actor.
//! - **Claims.** [`Modality::Claimed`] with `responsibility: false` is a
//!   party asserting the event ("affirment avoir abattu un avion"): the event
//!   exists only as that claim (`claimed: true`, `claimed_by` = the actor
//!   mention inside `by`). With `responsibility: true` ("revendique",
//!   "claimed responsibility") the event is reported and the claimant is its
//!   likely author. A state announcing its own operation ("l'armée annonce
//!   avoir neutralisé") is also `Claimed`; ACLED codes army communiqués as
//!   reported events, so the coder may keep `claimed: false` when the
//!   claimant is the state force of the event's country. [`attribution`]
//!   ("selon un communiqué de l'armée", "according to") names the source of
//!   a reported event and never makes it a claim. [`independent_sources`]
//!   lists non-party sources ("des témoins", "local sources"): an
//!   assertion they confirm is a reported event.
//! - **Fatalities.** [`fatalities`] lists every figure with its outcome
//!   (only [`Outcome::Killed`] and [`Outcome::NoneKilled`] count) and who died
//!   ([`Victims`]); [`combine`] applies ACLED's rules to the figures of one
//!   event; [`split_total`] divides a total over several events.
//!
//! ```
//! use vigie_actors::{Actors, combine, fatalities, modality, Modality};
//! let text = "Le CSP a attaqué les Forces armées maliennes (FAMa). \
//!             Au moins quatorze soldats tués et huit blessés.";
//! let a = vigie_text::analyse(text, None);
//! let actors = Actors::shared().unwrap();
//! let ms = actors.find(text, &a, Some("Mali"));
//! let date = chrono::NaiveDate::from_ymd_opt(2023, 9, 17);
//! let army = ms.iter().find(|m| m.key == "military").unwrap();
//! let r = actors.resolve(army, date, Some("Mali"));
//! assert_eq!(r.name, "Military Forces of Mali (2021-)");
//! assert_eq!(r.inter, Some(1));
//! let figs = fatalities(text, &a, 0..a.tokens.len(), a.language());
//! assert_eq!(combine(&figs).unwrap().0, 14);
//! let trigger = a.tokens.iter().position(|t| t.span.slice(text) == "attaqué").unwrap();
//! assert_eq!(modality(text, &a, a.sentences[0].tokens.clone(), trigger), Modality::Reported);
//! ```

mod actors;
mod dict;
mod error;
mod fatalities;
mod lexicon;
mod modality;
mod numbers;
mod tally;

pub use actors::{ActorMention, Actors};
pub use dict::{Sources, TAGS};
pub use error::ActorError;
pub use fatalities::{fatalities, Fatalities, FatalityMention, Outcome, Victims};
pub use modality::{
    ally_before, attribution, authors, claim_holds, independent_sources, modality, Attribution,
    Authorship, Modalities, Modality,
};
pub use tally::{combine, split_total};

use std::sync::OnceLock;

pub(crate) const BUNDLED_COUNTRIES: &str = include_str!("../../../data/actors/countries.tsv");
pub(crate) const BUNDLED_REGIMES: &str = include_str!("../../../data/actors/regimes.tsv");
pub(crate) const BUNDLED_ACTORS: &str = include_str!("../../../data/actors/actors.tsv");
pub(crate) const BUNDLED_ALIASES: &str = include_str!("../../../data/actors/aliases.tsv");
pub(crate) const BUNDLED_FATALITIES: &str = include_str!("../../../data/actors/fatalities.tsv");
pub(crate) const BUNDLED_MODALITY: &str = include_str!("../../../data/actors/modality.tsv");

impl Actors {
    /// The dictionary built into the binary.
    pub fn bundled() -> Result<Actors, ActorError> {
        Actors::from_sources(&Sources {
            countries: BUNDLED_COUNTRIES,
            regimes: BUNDLED_REGIMES,
            actors: BUNDLED_ACTORS,
            aliases: BUNDLED_ALIASES,
        })
    }

    /// The bundled dictionary, loaded once per process.
    pub fn shared() -> Result<&'static Actors, &'static ActorError> {
        static CELL: OnceLock<Result<Actors, ActorError>> = OnceLock::new();
        CELL.get_or_init(Actors::bundled).as_ref()
    }

    /// A dictionary from a directory holding the four files (an analyst's
    /// edited copy of `data/actors/`); a missing file falls back to the
    /// bundled one.
    pub fn load_dir(dir: &std::path::Path) -> Result<Actors, ActorError> {
        let read = |name: &str, bundled: &'static str| -> Result<String, ActorError> {
            let p = dir.join(name);
            match std::fs::read_to_string(&p) {
                Ok(s) => Ok(s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(bundled.to_string()),
                Err(source) => Err(ActorError::Io {
                    path: p.display().to_string(),
                    source,
                }),
            }
        };
        let countries = read(dict::COUNTRIES, BUNDLED_COUNTRIES)?;
        let regimes = read(dict::REGIMES, BUNDLED_REGIMES)?;
        let actors = read(dict::ACTORS, BUNDLED_ACTORS)?;
        let aliases = read(dict::ALIASES, BUNDLED_ALIASES)?;
        Actors::from_sources(&Sources {
            countries: &countries,
            regimes: &regimes,
            actors: &actors,
            aliases: &aliases,
        })
    }

    /// The actor mention whose tokens overlap `range` (a claimant's words,
    /// a role's noun phrase), preferring the last one.
    pub fn mention_in<'m>(
        mentions: &'m [ActorMention],
        range: &std::ops::Range<usize>,
    ) -> Option<&'m ActorMention> {
        mentions
            .iter()
            .rev()
            .find(|m| m.tokens.start < range.end && range.start < m.tokens.end)
    }
}
