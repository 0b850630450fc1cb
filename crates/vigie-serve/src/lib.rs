//! HTTP API and dashboard for vigie.
//!
//! [`router`] builds the axum application over any [`Backend`];
//! [`StoreBackend`] adapts a `vigie_store` store to it. The dashboard's
//! files are compiled in (see `assets/vendor/README.md` for the vendored
//! browser libraries).

mod api;
mod assets;
mod backend;
mod error;
mod export;
mod params;
mod store_backend;

pub use backend::{Backend, IngestOutcome};
pub use error::ApiError;
pub use export::{
    acled_csv, acled_row, Feature, FeatureCollection, Fields, ACLED_COLUMNS, PROPERTY_NAMES,
};
pub use store_backend::{Extractor, StoreBackend};

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// Largest accepted request body (one document as JSON).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    backend: Arc<dyn Backend>,
    /// Bearer token that authorises writes; `None`: read-only server.
    token: Option<String>,
}

/// The whole application: API under `/api`, dashboard at `/`.
pub fn router(backend: Arc<dyn Backend>, token: Option<String>) -> Router {
    let token = token.filter(|t| !t.trim().is_empty());
    let state = AppState { backend, token };
    let api = Router::new()
        .route("/events", get(api::events))
        .route("/events.csv", get(api::events_csv))
        .route("/events.geojson", get(api::events_geojson))
        .route("/events/{id}", get(api::event))
        .route("/documents", axum::routing::post(api::post_document))
        .route("/documents/{id}", get(api::document))
        .route("/stats", get(api::stats))
        .route("/places", get(api::places))
        .route("/actors", get(api::actors))
        .route("/openapi.json", get(assets::openapi))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{*path}", get(assets::asset))
        .nest("/api", api)
        .fallback(api::not_found)
        .with_state(state)
}

/// Binds `addr`, calls `on_ready` with the bound address, and serves `app`
/// until Ctrl-C or SIGTERM, on a runtime of its own: callers (the CLI) need
/// no async code.
pub fn serve_blocking(
    addr: &str,
    app: Router,
    on_ready: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
        on_ready(listener.local_addr()?);
        serve(listener, app).await
    })
}

/// Serves `app` on `listener` until Ctrl-C (or SIGTERM).
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
