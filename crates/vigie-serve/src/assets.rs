//! The dashboard's files, compiled into the binary so that `vigie serve`
//! needs no asset directory and no network.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

macro_rules! asset {
    ($path:literal, $mime:literal) => {
        (
            $path,
            $mime,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/", $path)) as &[u8],
        )
    };
}

/// Path under `/assets/`, content type, bytes.
static ASSETS: &[(&str, &str, &[u8])] = &[
    asset!("index.html", "text/html; charset=utf-8"),
    asset!("app.js", "text/javascript; charset=utf-8"),
    asset!("app.css", "text/css; charset=utf-8"),
    asset!("openapi.json", "application/json"),
    asset!(
        "vendor/leaflet/leaflet.js",
        "text/javascript; charset=utf-8"
    ),
    asset!("vendor/leaflet/leaflet.css", "text/css; charset=utf-8"),
    asset!("vendor/leaflet/images/layers.png", "image/png"),
    asset!("vendor/leaflet/images/layers-2x.png", "image/png"),
    asset!("vendor/leaflet/images/marker-icon.png", "image/png"),
    asset!("vendor/leaflet/images/marker-icon-2x.png", "image/png"),
    asset!("vendor/leaflet/images/marker-shadow.png", "image/png"),
    asset!(
        "vendor/topojson-client/topojson-client.min.js",
        "text/javascript; charset=utf-8"
    ),
    asset!("vendor/world-atlas/countries-50m.json", "application/json"),
    asset!(
        "vendor/natural-earth-admin1/sahel-admin1.json",
        "application/geo+json"
    ),
];

pub fn find(path: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, mime, bytes)| (*mime, *bytes))
}

fn respond(path: &str) -> Response {
    match find(path) {
        Some((mime, bytes)) => (
            [
                (header::CONTENT_TYPE, mime),
                // Assets change only with the binary; a restart may bring new
                // ones, so caches must revalidate rather than keep them.
                (header::CACHE_CONTROL, "no-cache"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes,
        )
            .into_response(),
        None => crate::error::ApiError::not_found(format!("no asset {path:?}")).into_response(),
    }
}

/// Scripts only from this server: report texts are shown in the page, so a
/// slip in escaping must not become script execution. Leaflet positions
/// elements with inline styles and markers use data: images.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data:; connect-src 'self'; object-src 'none'; \
                   base-uri 'none'; frame-ancestors 'none'";

pub async fn index() -> Response {
    let mut r = respond("index.html");
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(CSP),
    );
    r
}

pub async fn asset(Path(path): Path<String>) -> Response {
    respond(&path)
}

pub async fn openapi() -> Response {
    respond("openapi.json")
}
