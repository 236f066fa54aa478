//! CSRF protection for the pages: a random token kept in the session, put into every form as
//! `_csrf`, and checked on every state-changing request before any handler runs.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use tower_sessions::Session;

const KEY: &str = "csrf";
const BODY_LIMIT: usize = crate::pages::UPLOAD_LIMIT + 1024 * 1024;

/// The session's token, created on first use.
pub async fn token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(KEY).await {
        return t;
    }
    let t = store::ids::new_secret(32);
    if let Err(e) = session.insert(KEY, &t).await {
        tracing::warn!(error = %e, "could not store CSRF token");
    }
    t
}

/// Replaces the token (after login, so a token seen before login is useless after it).
pub async fn rotate(session: &Session) -> String {
    let t = store::ids::new_secret(32);
    if let Err(e) = session.insert(KEY, &t).await {
        tracing::warn!(error = %e, "could not store CSRF token");
    }
    t
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Middleware: refuses a POST/PUT/PATCH/DELETE whose `_csrf` field (or `X-CSRF-Token` header,
/// or `_csrf` query parameter for uploads) does not match the session's token.
pub async fn verify(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return refuse();
    };
    let expected = session.get::<String>(KEY).await.ok().flatten();
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "payload too large").into_response();
    };
    let from_header = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let from_query = parts.uri.query().and_then(|q| find(q.as_bytes()));
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    let from_body = if is_form { find(&bytes) } else { None };
    let given = from_header.or(from_body).or(from_query);
    match (expected, given) {
        (Some(e), Some(g)) if same(&e, &g) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => refuse(),
    }
}

fn find(urlencoded: &[u8]) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(urlencoded)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v)
}

fn refuse() -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(
            "<!doctype html><html lang=\"pl\"><head><meta charset=\"utf-8\"><title>Formularz wygasł — wspólnie</title>\
             <link rel=\"stylesheet\" href=\"/static/style.css\"></head><body><main id=\"tresc\">\
             <h1>Formularz wygasł</h1><p>Ze względów bezpieczeństwa nie przyjęliśmy tego formularza. \
             Wróć, odśwież stronę i wyślij go ponownie.</p>\
             <p lang=\"en\">This form has expired. Go back, reload the page and submit it again.</p>\
             <p><a href=\"/\">Strona główna</a></p></main></body></html>",
        ),
    )
        .into_response()
}
