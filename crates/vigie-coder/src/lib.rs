//! Event coding: turns a document into ACLED-style events.
//!
//! Entry point: [`Coder::new`] loads and validates the rule packs (and the
//! gazetteer and actor dictionaries); [`Coder::extract`] codes one document.
//! `Coder` is `Sync`: share one across threads.
//!
//! The pipeline inside one document:
//! 1. `vigie_text::analyse`: tokens, sentences, language;
//! 2. the stages (`stages.rs`): places, times, actors, fatalities, modality;
//! 3. `rules`: trigger words and patterns of the language's rule pack;
//! 4. `engine`: candidates per clause, roles, place/date/fatalities, ACLED
//!    aggregation inside the document, sub-event typing;
//! 5. `output`: the event records of `formats.md`.

mod attribution;
mod clauses;
mod engine;
pub mod facts;
mod output;
pub mod rules;
mod stages;
pub mod taxonomy;

use facts::Stages;
use rules::RulePack;
use taxonomy::Taxonomy;
use vigie_model::{DateInterval, Document, Event, Lang};

/// Why the coder could not start (a bad rule file names its line).
#[derive(Debug, thiserror::Error)]
pub enum CoderError {
    #[error("{file}:{line}: {message}")]
    Rule {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Other(String),
}

/// Per-run options.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// Overrides the document's publication date.
    pub published: Option<DateInterval>,
    /// Overrides the document's language.
    pub lang: Option<Lang>,
}

/// Version of the extraction (rules + code); stored with events so that
/// `vigie recode` can tell what changed.
pub const EXTRACTION_VERSION: &str = concat!("vigie-", env!("CARGO_PKG_VERSION"), "+rules-1");

const FR_RULES: &str = include_str!("../../../data/rules/fr.rules");
const EN_RULES: &str = include_str!("../../../data/rules/en.rules");
const TAXONOMY: &str = include_str!("../../../data/rules/taxonomy.tsv");

/// `VIGIE_DEBUG=1` prints every candidate event on standard error: which
/// clause, classes, roles, place and date the coder saw.
fn debug_enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("VIGIE_DEBUG").is_some_and(|v| v != "0"))
}

pub struct Coder {
    fr: RulePack,
    en: RulePack,
    taxonomy: Taxonomy,
    resources: stages::Resources,
}

impl Coder {
    /// Loads the bundled rule packs, taxonomy, gazetteer and dictionaries.
    pub fn new() -> Result<Coder, CoderError> {
        Ok(Coder {
            fr: RulePack::parse("fr", "data/rules/fr.rules", FR_RULES)?,
            en: RulePack::parse("en", "data/rules/en.rules", EN_RULES)?,
            taxonomy: Taxonomy::parse("data/rules/taxonomy.tsv", TAXONOMY)?,
            resources: stages::Resources::load()?,
        })
    }

    /// The rule pack for a language (English rules for languages vigie has
    /// no pack for: names and numbers still match).
    pub fn pack(&self, lang: Lang) -> &RulePack {
        match lang {
            Lang::Fr => &self.fr,
            _ => &self.en,
        }
    }

    /// The events of one document, in text order, with stable ids.
    pub fn extract(&self, doc: &Document, opts: &ExtractOptions) -> Vec<Event> {
        let a = vigie_text::analyse(&doc.text, opts.lang.or(doc.lang));
        let lang = a.language();
        let st = stages::DocStages::new(&self.resources, doc, &a, opts);
        let pack = self.pack(lang);
        let matches = engine::prune(pack.find(&a));
        let mut cands = engine::candidates(&doc.text, &a, &matches, &st);
        engine::situate(&doc.text, &a, &st, &mut cands);
        if debug_enabled() {
            for c in &cands {
                eprintln!(
                    "vigie-debug {}: sentence {} clause {:?} {:?} classes {:?} statement {} claimed {:?} actors {:?}/{:?} place {:?} date {:?} explicit {} victims {:?}",
                    doc.id,
                    c.sentence,
                    a.tokens_span(c.clause.clone()).map(|s| s.slice(&doc.text).chars().take(80).collect::<String>()),
                    c.family,
                    c.classes,
                    c.statement,
                    c.claimed,
                    c.actor1.map(|i| st.actors()[i].key.clone()),
                    c.actor2.map(|i| st.actors()[i].key.clone()),
                    c.place.map(|p| st.places()[p].location.name.clone()),
                    engine::interval_of(&st, c).map(|x| x.1),
                    c.date_explicit,
                    c.victims,
                );
            }
        }
        attribution::attribute(&doc.text, &a, &st, &mut cands);
        let cands = engine::split_by_places(&a, &st, cands);
        let mut cands = engine::aggregate(&st, cands);
        engine::derive_relative_dates(&a, &st, &mut cands);
        output::build_events(doc, &a, lang.code(), &st, &self.taxonomy, pack, &cands)
    }
}
