//! The seam between the coder and the analysis stages: fills the
//! [`Stages`] view of one document from the gazetteer, time and actor
//! crates.

use crate::facts::*;
use crate::{CoderError, ExtractOptions};
use chrono::NaiveDate;
use std::ops::Range;
use vigie_actors::{ActorMention, Actors, Outcome};
use vigie_geo::{Cue, DocPlaces, Gazetteer, MentionKind, Noun};
use vigie_model::{ActorRef, DateInterval, Document, Lang};
use vigie_text::Analysis;

/// Data loaded once per process.
pub struct Resources {
    gazetteer: &'static Gazetteer,
    actors: &'static Actors,
}

impl Resources {
    pub fn load() -> Result<Resources, CoderError> {
        vigie_time::check_data().map_err(|e| CoderError::Other(e.to_string()))?;
        let actors = Actors::shared().map_err(|e| CoderError::Other(e.to_string()))?;
        let gazetteer = Gazetteer::shared();
        if let Some(e) = Gazetteer::shared_error() {
            return Err(CoderError::Other(format!("gazetteer: {e}")));
        }
        Ok(Resources { gazetteer, actors })
    }
}

/// Claim cues and the tokens naming their authors.
type Authors = Vec<(Range<usize>, Range<usize>)>;

/// The stages' findings for one document.
pub struct DocStages<'r> {
    res: &'r Resources,
    text: &'r str,
    a: &'r Analysis,
    mentions: Vec<ActorMention>,
    actors: Vec<ActorFact>,
    doc_places: DocPlaces,
    places: Vec<PlaceFact>,
    times: Vec<TimeFact>,
    fatalities: Vec<FatalityFact>,
    publication: Option<(DateInterval, NaiveDate)>,
    record: bool,
    /// Claims and attributions of each sentence, found on first use.
    authors: std::cell::RefCell<Vec<Option<Authors>>>,
    country: Option<String>,
    tenses: vigie_time::Tenses<'r>,
}

impl<'r> DocStages<'r> {
    pub fn new(
        res: &'r Resources,
        doc: &'r Document,
        a: &'r Analysis,
        opts: &ExtractOptions,
    ) -> Self {
        let text = doc.text.as_str();
        let publication = vigie_time::publication(doc.published, opts.published, text, a);
        let tenses = vigie_time::Tenses::new(a);
        let found = vigie_time::find_times_in(text, a, &publication, &tenses);
        let time_tokens: Vec<Range<usize>> = found.iter().map(|t| t.tokens.clone()).collect();
        // A record is stamped with its event's day; its "yesterday" or
        // "on Friday" counted from a source's unknown day of writing, so only
        // dates that stand alone ("on 3 May") can move it off the stamp.
        let record = doc.is_record();
        let times: Vec<TimeFact> = found
            .into_iter()
            .filter(|t| !(record && counts_from_writing(t.kind)))
            .map(|t| TimeFact {
                tokens: t.tokens,
                span: t.span,
                interval: t.interval,
                best: t.best,
                reporting: t.reporting,
                background: t.background,
                dateline: t.dateline,
                relative_days: if t.relative_to_event {
                    t.offset_days
                } else {
                    None
                },
            })
            .collect();
        let doc_places = res.gazetteer.places(text, a);
        let country = doc_places.document_country().map(|c| c.name.clone());
        let places = place_facts(text, a, &doc_places, &time_tokens);
        let mentions = res.actors.find(text, a, country.as_deref());
        // "Al-Qaïda au Maghreb islamique", "Katiba Macina": a place named
        // inside a group's name is not where anything happened.
        let places: Vec<PlaceFact> = places
            .into_iter()
            .filter(|p| {
                !mentions.iter().any(|m| {
                    !m.generic
                        && m.tokens.start <= p.tokens.start
                        && p.tokens.end <= m.tokens.end
                        && m.tokens.len() > p.tokens.len()
                })
            })
            .collect();
        // A report that places nothing in a country is about the country of
        // the first named group that belongs to one ("Ansar Dine claimed
        // ...", "Koglweogo militiamen ..."); states' forces fight abroad and
        // do not count.
        let country = country.or_else(|| {
            mentions
                .iter()
                .filter(|m| !m.generic && !m.anaphoric && !res.actors.has_tag(&m.key, "state"))
                .find_map(|m| res.actors.resolve_codes(m, None, None).1)
        });
        let actors = mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let (inter, r_country) = res.actors.resolve_codes(m, None, country.as_deref());
                // Country-wide actors are one actor per country: the Malian
                // and the Nigerien armies are not the same side.
                let key = match &r_country {
                    Some(c) if res.actors.has_tag(&m.key, "state") || m.generic => {
                        format!("{}:{c}", m.key)
                    }
                    _ => m.key.clone(),
                };
                ActorFact {
                    tokens: m.tokens.clone(),
                    span: m.span,
                    key,
                    inter: inter.unwrap_or(3),
                    government: m.key == "government",
                    generic: m.generic || m.anaphoric,
                    mutiny: res.actors.has_tag(&m.key, "mutiny"),
                    unidentified: res.actors.has_tag(&m.key, "unidentified"),
                    index: i,
                }
            })
            .collect();
        let lang = a.lang.unwrap_or(Lang::Other);
        let fatalities = vigie_actors::fatalities(text, a, 0..a.tokens.len(), lang)
            .into_iter()
            .filter(|f| !f.subset && matches!(f.outcome, Outcome::Killed | Outcome::NoneKilled))
            .map(|f| FatalityFact {
                tokens: f.tokens,
                span: f.span,
                count: if f.outcome == Outcome::NoneKilled {
                    0
                } else {
                    f.count
                },
                victims: match f.victims {
                    vigie_actors::Victims::Military | vigie_actors::Victims::Own => {
                        Victims::Military
                    }
                    vigie_actors::Victims::Civilian => Victims::Civilians,
                    vigie_actors::Victims::Attacker => Victims::Militants,
                    vigie_actors::Victims::Unknown => Victims::Unknown,
                },
            })
            .collect();
        DocStages {
            res,
            text,
            a,
            mentions,
            actors,
            doc_places,
            places,
            times,
            fatalities,
            publication: publication.interval.zip(publication.best),
            record,
            authors: std::cell::RefCell::new(vec![None; a.sentences.len()]),
            country,
            tenses,
        }
    }
}

/// Expressions counted from the day the report was written.
fn counts_from_writing(kind: vigie_time::TimeKind) -> bool {
    use vigie_time::TimeKind as K;
    matches!(kind, K::Weekday | K::Relative | K::TimeOfDay | K::Night)
}

/// Each place mention with the location it would give an event.
fn place_facts(text: &str, a: &Analysis, dp: &DocPlaces, times: &[Range<usize>]) -> Vec<PlaceFact> {
    let mut out = Vec::with_capacity(dp.mentions.len());
    for (mi, m) in dp.mentions.iter().enumerate() {
        if is_dateline(text, a, &m.tokens) || m.cue == Cue::Source {
            continue;
        }
        let kind = match m.kind {
            MentionKind::Settlement => PlaceKind::Settlement,
            MentionKind::Admin1 | MentionKind::Admin2 => PlaceKind::Admin,
            MentionKind::Country => PlaceKind::Country,
            // A capitalised name after "à"/"in" that the gazetteer lacks is
            // still the place the report names: kept by name, without
            // coordinates, in the document's country.
            MentionKind::Unknown
                if m.qualifies.is_none()
                    && !is_function_word(a, &m.tokens)
                    && (m.cue == Cue::At
                        || (matches!(m.noun, Some(Noun::Settlement | Noun::Area | Noun::Admin3))
                            && !matches!(m.cue, Cue::From | Cue::Towards))
                        // "near Nongoudoum (Banh, Loroum)": placed by its
                        // qualifiers; a bare "between X and Dori" is
                        // better coded at Dori.
                        || (matches!(m.cue, Cue::Near | Cue::Distance | Cue::Between)
                            && dp
                                .mentions
                                .iter()
                                .any(|q| q.qualifies == Some(mi) && q.place.is_some())))
                    && !times
                        .iter()
                        .any(|t| t.start < m.tokens.end && m.tokens.start < t.end) =>
            {
                let mut location = vigie_model::Location {
                    name: Some(m.text.clone()),
                    country: dp.document_country().map(|c| c.name.clone()),
                    iso3: dp.document_country().map(|c| c.iso3.clone()),
                    admin1: None,
                    admin2: None,
                    admin3: None,
                    latitude: None,
                    longitude: None,
                    geo_precision: None,
                    geonames_id: None,
                    mention: Some(m.text.clone()),
                };
                // "le village de Douna, commune de Mondoro": the village
                // lies in its qualifier's units and near its seat (ACLED's
                // geo_precision 2 for a village placed by its commune).
                let qualifier = dp
                    .mentions
                    .iter()
                    .find(|q| q.qualifies == Some(mi) && q.place.is_some());
                if let Some(q) = qualifier {
                    let own = std::slice::from_ref(&q.tokens);
                    if let Some((ql, _)) = dp.event_location(own, Some(q.tokens.start)) {
                        location.country = ql.country;
                        location.iso3 = ql.iso3;
                        location.admin1 = ql.admin1;
                        location.admin2 = ql.admin2.or(ql.name.clone());
                        location.latitude = ql.latitude;
                        location.longitude = ql.longitude;
                        location.geo_precision = ql.latitude.map(|_| 2);
                    }
                }
                out.push(PlaceFact {
                    tokens: m.tokens.clone(),
                    span: m.span,
                    cue: PlaceCue::At,
                    kind: PlaceKind::Unnamed,
                    location,
                    settlement_noun: m.noun == Some(Noun::Settlement),
                });
                continue;
            }
            MentionKind::Unknown => continue,
        };
        let cue = match m.cue {
            _ if m.qualifies.is_some() => PlaceCue::Qualifier,
            Cue::At => PlaceCue::At,
            Cue::Near | Cue::Distance => PlaceCue::Near,
            Cue::Between => PlaceCue::Between,
            Cue::AdminQualifier if kind != PlaceKind::Settlement => PlaceCue::Qualifier,
            _ => PlaceCue::None,
        };
        let location = if kind == PlaceKind::Country {
            // A country alone is coded at its capital (geo_precision 3), as
            // ACLED codes a report that names no place in it.
            let own = std::slice::from_ref(&m.tokens);
            match dp.event_location(own, Some(m.tokens.start)) {
                Some((loc, span)) if span == m.span => loc,
                _ => {
                    let Some(c) = m.place.as_ref() else { continue };
                    vigie_model::Location::country_only(
                        String::from(&*c.country_name),
                        Some(String::from(&*c.iso3)).filter(|s| !s.is_empty()),
                        Some(m.text.clone()),
                    )
                }
            }
        } else {
            let own = std::slice::from_ref(&m.tokens);
            match dp.event_location(own, Some(m.tokens.start)) {
                Some((loc, span)) if span == m.span => loc,
                _ => continue,
            }
        };
        out.push(PlaceFact {
            tokens: m.tokens.clone(),
            span: m.span,
            cue,
            kind,
            location,
            settlement_noun: m.noun == Some(Noun::Settlement),
        });
    }
    out
}

impl Stages for DocStages<'_> {
    fn actors(&self) -> &[ActorFact] {
        &self.actors
    }
    fn places(&self) -> &[PlaceFact] {
        &self.places
    }
    fn times(&self) -> &[TimeFact] {
        &self.times
    }
    fn fatalities(&self) -> &[FatalityFact] {
        &self.fatalities
    }
    fn publication(&self) -> Option<(DateInterval, NaiveDate)> {
        self.publication
    }
    fn stamped_with_event_date(&self) -> bool {
        self.record
    }
    fn country(&self) -> Option<String> {
        self.country.clone()
    }
    fn country_location(&self) -> Option<vigie_model::Location> {
        self.doc_places.country_location()
    }
    fn locate(&self, ranges: &[Range<usize>], anchor: usize) -> Option<usize> {
        let (_, span) = self.doc_places.event_location(ranges, Some(anchor))?;
        self.places.iter().position(|p| p.span == span)
    }
    fn modality(&self, clause: Range<usize>, trigger: usize) -> Modality {
        match vigie_actors::modality(self.text, self.a, clause, trigger) {
            vigie_actors::Modality::Reported => Modality::Reported,
            // A claim of responsibility names the perpetrator of an event
            // that is otherwise reported.
            vigie_actors::Modality::Claimed {
                responsibility: true,
                ..
            } => Modality::Reported,
            vigie_actors::Modality::Claimed { by, .. } => Modality::Claimed { by },
            vigie_actors::Modality::Denied { .. } => Modality::Reported,
            vigie_actors::Modality::Hypothetical => Modality::Hypothetical,
            vigie_actors::Modality::Future => Modality::Future,
            vigie_actors::Modality::Negated => Modality::Negated,
        }
    }
    fn authors(&self, range: Range<usize>) -> Vec<(Range<usize>, Range<usize>)> {
        // Claims do not cross sentences: each sentence is read once, when a
        // candidate first asks about it.
        let mut out = Vec::new();
        let mut cache = self.authors.borrow_mut();
        let Some(first) = self.a.sentence_of(range.start) else {
            return out;
        };
        for si in first..self.a.sentences.len() {
            let tokens = self.a.sentences[si].tokens.clone();
            if tokens.start >= range.end {
                break;
            }
            let found = cache[si].get_or_insert_with(|| {
                vigie_actors::authors(self.a, tokens)
                    .into_iter()
                    .map(|x| (x.cue, x.by))
                    .collect()
            });
            out.extend(
                found
                    .iter()
                    .filter(|(cue, _)| range.start <= cue.start && cue.end <= range.end)
                    .cloned(),
            );
        }
        out
    }
    fn ally_before(&self, token: usize) -> bool {
        vigie_actors::ally_before(self.a, token)
    }
    fn claim_holds(&self, token: usize, end: usize) -> bool {
        // The longest claim cue ("ont revendiqué l'attaque") reaches this
        // far before the event word.
        const REACH: usize = 6;
        vigie_actors::claim_holds(self.a, token, REACH, end)
    }
    fn is_future(&self, clause: Range<usize>, focus: usize) -> bool {
        // Auxiliaries and modals come before their verb ("will be
        // attacked", "pourrait attaquer"); a modal later in the clause
        // governs another verb ("a law that would exclude").
        let from = clause.start;
        let to = (focus + 1).min(clause.end);
        matches!(
            self.tenses.tense_near(from..to, focus),
            vigie_time::Tense::Future | vigie_time::Tense::Conditional
        )
    }
    fn is_pluperfect(&self, clause: Range<usize>) -> bool {
        self.tenses.tense(clause) == vigie_time::Tense::Pluperfect
    }
    fn resolve_actor(
        &self,
        a: &ActorFact,
        date: Option<NaiveDate>,
        country: Option<&str>,
    ) -> ActorRef {
        self.res
            .actors
            .resolve(&self.mentions[a.index], date, country)
    }
    fn generic_actor(
        &self,
        kind: Generic,
        country: Option<&str>,
        date: Option<NaiveDate>,
    ) -> ActorRef {
        let (key, inter) = match kind {
            Generic::Civilians => ("civilians", 7),
            Generic::UnidentifiedArmedGroup => ("uag", 3),
            Generic::Protesters => ("protesters", 6),
            Generic::Rioters => ("rioters", 5),
            Generic::StateForces => ("military", 1),
            Generic::Government => ("government", 1),
        };
        let name = self
            .res
            .actors
            .name_of(key, country, date)
            .unwrap_or_else(|| key.to_string());
        ActorRef {
            name,
            mention: None,
            inter: Some(inter),
            country: country.map(str::to_string),
        }
    }
}

/// A wire dateline ("OUAGADOUGOU - ", "BAMAKO, 12 août (Reuters) -") names
/// where the report was written, not where its events happened.
fn is_dateline(text: &str, a: &Analysis, tokens: &Range<usize>) -> bool {
    let Some(first) = a.tokens.get(tokens.start) else {
        return false;
    };
    let Some(last) = a.tokens.get(tokens.end.saturating_sub(1)) else {
        return false;
    };
    let starts_line = text[..first.span.start]
        .trim_end_matches([' ', '\t'])
        .ends_with('\n')
        || first.span.start == 0;
    let name = &text[first.span.start..last.span.end];
    let shouting =
        name.chars().any(|c| c.is_alphabetic()) && !name.chars().any(|c| c.is_lowercase());
    let after = text[last.span.end..].trim_start_matches(' ');
    if !starts_line {
        return false;
    }
    if shouting {
        return after.starts_with(['-', ',', '(', '\u{2013}', '\u{2014}']);
    }
    // In mixed case: "Bamako, (APP) -", "Niamey, 12 janv (AFP) -": the
    // name, a comma, at most a date, and the agency in parentheses.
    let Some(rest) = after.strip_prefix(',') else {
        return false;
    };
    let Some(open) = rest.find('(') else {
        return false;
    };
    let between = rest[..open].trim();
    let agency = rest[open + 1..].starts_with(|c: char| c.is_ascii_uppercase());
    agency
        && between.len() <= 20
        && (between.is_empty() || between.bytes().any(|b| b.is_ascii_digit()))
        && !between.contains(['.', ';'])
}

/// "La zone est soumise à un blocus": a capitalised article before a noun
/// of place is not a name.
fn is_function_word(a: &Analysis, tokens: &Range<usize>) -> bool {
    tokens.len() == 1
        && matches!(
            a.norm(tokens.start),
            "la" | "le"
                | "les"
                | "l'"
                | "un"
                | "une"
                | "des"
                | "du"
                | "de"
                | "ce"
                | "cette"
                | "the"
                | "a"
                | "an"
                | "this"
                | "that"
                | "these"
                | "those"
                | "its"
                | "their"
        )
}
