//! The bundled gazetteer, loaded from the image the build script made
//! (`build.rs`, `image.rs`), and the process-wide shared instance.

use crate::error::GeoError;
use crate::gazetteer::Gazetteer;
use std::sync::OnceLock;

/// 8-aligned so that the index tables inside can be borrowed as `u64`s.
#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

static IMAGE: &Aligned<[u8]> =
    &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.img")));

static SHARED: OnceLock<Result<Gazetteer, GeoError>> = OnceLock::new();
static EMPTY: OnceLock<Gazetteer> = OnceLock::new();

impl Gazetteer {
    /// The bundled gazetteer (GeoNames cities500, countries, admin units, the
    /// Sahel supplement) with the default user layer over it when one exists
    /// (see [`crate::user::default_dir`]).
    pub fn bundled() -> Result<Gazetteer, GeoError> {
        match crate::user::default_dir() {
            Some(dir) if dir.join(crate::user::PLACES_FILE).exists() => Self::with_user_dir(&dir),
            _ => Self::bundled_only(),
        }
    }

    /// The bundled data alone, ignoring any user layer.
    pub fn bundled_only() -> Result<Gazetteer, GeoError> {
        crate::image::decode(&IMAGE.0)
    }

    /// One gazetteer for the whole process, loaded on first use: bundled
    /// plus the default user layer. If loading fails (a broken user layer)
    /// the error is kept in [`Gazetteer::shared_error`] and an empty
    /// gazetteer is returned, so callers never panic.
    pub fn shared() -> &'static Gazetteer {
        match SHARED.get_or_init(Gazetteer::bundled) {
            Ok(g) => g,
            Err(_) => EMPTY.get_or_init(Gazetteer::empty),
        }
    }

    /// Why [`Gazetteer::shared`] is empty, if it is.
    pub fn shared_error() -> Option<&'static GeoError> {
        SHARED.get_or_init(Gazetteer::bundled).as_ref().err()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The image holds what building from the data files gives.
    #[test]
    fn image_matches_a_fresh_build() {
        let built = Gazetteer::build(None).expect("build");
        let loaded = Gazetteer::bundled_only().expect("image");
        assert_eq!(crate::image::encode(&built), crate::image::encode(&loaded));
        assert_eq!(built.len(), loaded.len());
        for name in ["Léré", "Tombouctou", "Mali", "Ouagadougou", "Sobane-Da"] {
            let a = built.lookup(name, None);
            let b = loaded.lookup(name, None);
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{name}");
        }
    }
}
