//! JSON API handlers. Each validates its input, runs the store call on the
//! blocking pool and answers JSON (or CSV / GeoJSON for exports).

use crate::backend::Backend;
use crate::error::ApiError;
use crate::export;
use crate::params::{self, EXPORT_PAGE, JSON_PAGE};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

use std::sync::Arc;
use vigie_model::Document;

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

fn pairs(q: Pairs) -> Result<Vec<(String, String)>, ApiError> {
    q.map(|Query(p)| p)
        .map_err(|e| ApiError::bad_parameter(format!("malformed query string: {e}")))
}

/// Runs a store call off the async workers.
async fn blocking<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Backend) -> Result<T, ApiError> + Send + 'static,
{
    let backend: Arc<dyn Backend> = state.backend.clone();
    tokio::task::spawn_blocking(move || f(backend.as_ref()))
        .await
        .map_err(|e| ApiError::internal(format!("store task failed: {e}")))?
}

pub async fn events(State(state): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let q = params::event_query(&pairs(q)?, Some(JSON_PAGE))?;
    let (limit, offset) = (q.limit.unwrap_or(JSON_PAGE.default), q.offset);
    let (total, events) = blocking(&state, move |b| Ok(b.page(&q)?)).await?;
    let next = offset + events.len() as u64;
    // A typed page (not a `json!` tree): serialised straight from the
    // events, without a copy of every field as a `Value`.
    let body = EventPage {
        total,
        limit,
        offset,
        next_offset: (next < total).then_some(next),
        events: &events,
    };
    Ok(Json(body).into_response())
}

#[derive(Serialize)]
struct EventPage<'a> {
    total: u64,
    limit: u64,
    offset: u64,
    next_offset: Option<u64>,
    events: &'a [vigie_store::StoredEvent],
}

pub async fn events_csv(State(state): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let q = params::event_query(&pairs(q)?, Some(EXPORT_PAGE))?;
    let events = blocking(&state, move |b| Ok(b.query(&q)?)).await?;
    let body = export::acled_csv(&events)
        .map_err(|e| ApiError::internal(format!("CSV export failed: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"vigie-events.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

pub async fn events_geojson(State(state): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let (pairs, fields) = params::fields(pairs(q)?)?;
    let q = params::event_query(&pairs, Some(EXPORT_PAGE))?;
    // Map fields only: the store reads them from its columns instead of
    // decoding every record.
    let events = blocking(&state, move |b| Ok(b.summaries(&q)?)).await?;
    let body = serde_json::to_vec(&export::FeatureCollection::of_summaries(&events).only(&fields))
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body).into_response())
}

pub async fn event(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let found = {
        let id = id.clone();
        blocking(&state, move |b| Ok(b.event(&id)?)).await?
    };
    match found {
        Some(e) => Ok(Json(e).into_response()),
        None => Err(ApiError::not_found(format!("no event with id {id:?}"))),
    }
}

pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let found = {
        let id = id.clone();
        blocking(&state, move |b| Ok(b.document(&id)?)).await?
    };
    match found {
        Some(d) => Ok(Json(d).into_response()),
        None => Err(ApiError::not_found(format!("no document with id {id:?}"))),
    }
}

pub async fn stats(State(state): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let q = params::event_query(&pairs(q)?, None)?;
    let s = blocking(&state, move |b| Ok(b.stats(&q)?)).await?;
    Ok(Json(s).into_response())
}

pub async fn places(State(state): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let (prefix, limit) = params::suggest_query(&pairs(q)?)?;
    let s = blocking(&state, move |b| Ok(b.places(&prefix, limit)?)).await?;
    Ok(Json(json!({ "suggestions": s })).into_response())
}

pub async fn actors(State(state): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let (prefix, limit) = params::suggest_query(&pairs(q)?)?;
    let s = blocking(&state, move |b| Ok(b.actors(&prefix, limit)?)).await?;
    Ok(Json(json!({ "suggestions": s })).into_response())
}

/// A document as one JSON Lines record of `formats.md`, read by the same
/// reader as `vigie ingest` so that both accept and refuse the same records.
/// The body may be pretty-printed: it is re-encoded on one line first.
fn parse_document(body: &[u8]) -> Result<Document, ApiError> {
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| ApiError::bad_body(format!("not JSON: {e}")))?;
    if !v.is_object() {
        return Err(ApiError::bad_body(
            "the body must be one JSON object: a JSON Lines document record",
        ));
    }
    let line = serde_json::to_vec(&v).map_err(|e| ApiError::internal(e.to_string()))?;
    let opts = vigie_read::ReadOptions {
        max_bytes: crate::MAX_BODY_BYTES as u64,
    };
    let mut read = vigie_read::read_bytes(std::path::Path::new("request.jsonl"), line, &opts);
    let doc = match (read.pop(), read.is_empty()) {
        (Some(Ok(d)), true) => d,
        (Some(Err(e)), true) => return Err(ApiError::bad_body(e.message)),
        _ => {
            return Err(ApiError::bad_body(
                "not a document record (it needs \"id\" and \"text\")",
            ))
        }
    };
    let id = doc.id.as_str();
    if id.trim().is_empty() || id.len() > 200 || id.chars().any(char::is_control) {
        return Err(ApiError::bad_body(
            "\"id\" must be 1-200 characters without control characters",
        ));
    }
    if doc.text.trim().is_empty() {
        return Err(ApiError::bad_body("\"text\" is empty"));
    }
    Ok(Document {
        origin: "api".to_string(),
        ..doc
    })
}

/// Compares without an early exit so the time taken says nothing about how
/// much of a guessed token was right.
fn same_token(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn authorise(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let unauthorised = |msg: &str| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", msg);
    let Some(token) = state.token.as_deref() else {
        return Err(unauthorised(
            "this server is read-only: it accepts writes only when started with VIGIE_TOKEN set",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(g) if same_token(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(unauthorised("wrong bearer token")),
        None => Err(unauthorised(
            "writes need an Authorization: Bearer <VIGIE_TOKEN> header",
        )),
    }
}

pub async fn post_document(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    // Authorisation comes first so that anonymous clients learn nothing
    // about validation.
    authorise(&state, &headers)?;
    let body = body.map_err(|e| {
        let status = e.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "body_too_large"
        } else {
            "bad_body"
        };
        ApiError::new(status, code, e.body_text())
    })?;
    let doc = parse_document(&body)?;
    let outcome = blocking(&state, move |b| Ok(b.ingest(doc)?)).await?;
    let status = if outcome.summary.documents_known > 0 {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let location = format!("/api/documents/{}", outcome.document_id);
    let mut resp = (status, Json(outcome)).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

pub async fn not_found() -> ApiError {
    ApiError::not_found("no such endpoint; see /api/openapi.json")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "method not allowed on this endpoint; see /api/openapi.json",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_validated() {
        assert!(parse_document(br#"{"id":"a","text":"x"}"#).is_ok());
        let d =
            parse_document(br#"{"id":"a","text":"x","published":"2023-09","lang":"fr"}"#).unwrap();
        assert_eq!(d.lang, Some(vigie_model::Lang::Fr));
        assert_eq!(
            d.published.map(|p| p.header_string()).as_deref(),
            Some("2023-09")
        );
        // Pretty-printed bodies are fine too.
        assert!(parse_document(b"{\n  \"id\": \"a\",\n  \"text\": \"x\"\n}").is_ok());
        for bad in [
            &b"not json"[..],
            br#"{"text":"x"}"#,
            br#"{"id":"","text":"x"}"#,
            br#"{"id":"a","text":"  "}"#,
            br#"{"id":"a","text":"x","published":"2023-02-30"}"#,
            br#"{"id":"a\u0000","text":"x"}"#,
        ] {
            assert!(
                parse_document(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn token_comparison() {
        assert!(same_token(b"abc", b"abc"));
        assert!(!same_token(b"abc", b"abd"));
        assert!(!same_token(b"abc", b"abcd"));
    }
}
