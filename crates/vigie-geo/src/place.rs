//! The records of the gazetteer.

use serde::Serialize;

/// What a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A town, village, camp, mine site: something with one position.
    Settlement,
    /// A first-level unit (Mali/Niger/Burkina région, Nigerian state...),
    /// positioned at its capital.
    Admin1,
    /// A second-level unit (Mali cercle, Burkina province, Niger département),
    /// positioned at its capital.
    Admin2,
    /// A country, positioned at its capital.
    Country,
}

/// Where an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// GeoNames cities500 as bundled (tools/build-gazetteer).
    Bundled,
    /// The curated Sahel supplement (data/gazetteer/sahel-supplement.tsv).
    Supplement,
    /// Imported by the user from GeoNames dumps (`vigie gazetteer import`).
    User,
}

/// One gazetteer entry. Admin names are interned in the [`crate::Gazetteer`]
/// (`Gazetteer::admin1_of` / `admin2_of` give them).
#[derive(Debug, Clone)]
pub struct Place {
    pub name: Box<str>,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: [u8; 2],
    pub(crate) admin1: u32,
    pub(crate) admin2: u32,
    pub population: u32,
    pub feature_code: FeatureCode,
    pub geonames_id: Option<u32>,
    pub kind: PlaceKind,
    pub source: Source,
}

impl Place {
    pub fn country_code(&self) -> &str {
        std::str::from_utf8(&self.country).unwrap_or("")
    }
}

/// A GeoNames feature code ("PPL", "PPLA2", "ADM1"), stored inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeatureCode([u8; 8]);

impl FeatureCode {
    /// Codes longer than 8 bytes are cut (GeoNames codes have at most 5).
    pub fn new(s: &str) -> Self {
        let mut b = [0u8; 8];
        for (n, c) in s.trim().chars().take(8).enumerate() {
            if !c.is_ascii_alphanumeric() {
                break;
            }
            b[n] = c as u8;
        }
        FeatureCode(b)
    }

    pub fn as_str(&self) -> &str {
        let n = self.0.iter().position(|&c| c == 0).unwrap_or(8);
        std::str::from_utf8(&self.0[..n]).unwrap_or("")
    }
}

impl From<&str> for FeatureCode {
    fn from(s: &str) -> Self {
        FeatureCode::new(s)
    }
}

impl std::fmt::Debug for FeatureCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::ops::Deref for FeatureCode {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let p = std::f64::consts::PI / 180.0;
    let a = ((lat2 - lat1) * p / 2.0).sin().powi(2)
        + (lat1 * p).cos() * (lat2 * p).cos() * ((lon2 - lon1) * p / 2.0).sin().powi(2);
    12742.0 * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    #[test]
    fn distance_bamako_gao() {
        let d = super::distance_km(12.65, -8.0, 16.27, -0.04);
        assert!((d - 950.0).abs() < 30.0, "{d}");
    }
}
