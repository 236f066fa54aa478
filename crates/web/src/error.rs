//! Errors of the JSON API as RFC 9457 `application/problem+json`, and the JSON body extractor
//! that turns malformed or mistyped input into `400`/`422` instead of anything worse.

use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use domain::{FieldError, Lang};
use serde::Serialize;
use serde::de::DeserializeOwned;
use store::StoreError;
use utoipa::ToSchema;

/// One invalid field in a problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// The field's name in the request (`nip`, `members[1].name`).
    pub field: String,
    /// What is wrong, in the caller's language.
    pub message: String,
}

/// RFC 9457 problem details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub status: u16,
    pub title: String,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

/// What an API handler can fail with; each variant says what the client sees.
#[derive(Clone, Debug)]
pub enum ApiError {
    /// `400 Bad Request`: the body is not JSON.
    Malformed(String),
    /// `401 Unauthorized`: not logged in, or a wrong e-mail/password pair (one message for both).
    Unauthorized,
    /// `401 Unauthorized` with the login message.
    BadCredentials,
    /// `403 Forbidden`: logged in but not allowed (used by the role-guarded features).
    #[allow(dead_code)]
    Forbidden,
    /// `404 Not Found`: unknown, or not visible to the caller.
    NotFound,
    /// `409 Conflict` with a message.
    Conflict(FieldError),
    /// `422 Unprocessable Entity` with field errors.
    Invalid(Vec<FieldError>),
    /// `429 Too Many Requests` (login throttle) with the instant it ends.
    Throttled(jiff::Timestamp),
    /// `500`: logged, never shown.
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(errors) => ApiError::Invalid(errors),
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Conflict(e) => ApiError::Conflict(e),
            other => ApiError::Internal(format!("{other:?}")),
        }
    }
}

impl ApiError {
    /// Answers in `lang`.
    pub fn into_problem(self, lang: Lang) -> Response {
        let pl = lang == Lang::Pl;
        let l = |p: &str, e: &str| if pl { p.to_string() } else { e.to_string() };
        let (status, title, detail, errors) = match self {
            ApiError::Malformed(why) => (
                StatusCode::BAD_REQUEST,
                l("Nieprawidłowe żądanie", "Malformed request"),
                l(
                    &format!("Treść żądania nie jest poprawnym JSON-em: {why}"),
                    &format!("The request body is not valid JSON: {why}"),
                ),
                vec![],
            ),
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                l("Wymagane logowanie", "Login required"),
                l(
                    "Zaloguj się (POST /api/v1/auth/login) i wyślij nagłówek Authorization: Bearer <token>.",
                    "Log in (POST /api/v1/auth/login) and send Authorization: Bearer <token>.",
                ),
                vec![],
            ),
            ApiError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                l("Logowanie nieudane", "Login failed"),
                l(
                    "Nieprawidłowy adres e-mail lub hasło.",
                    "Wrong e-mail address or password.",
                ),
                vec![],
            ),
            ApiError::Forbidden => (
                StatusCode::FORBIDDEN,
                l("Brak uprawnień", "Forbidden"),
                l(
                    "Nie masz uprawnień do tej czynności.",
                    "You are not allowed to do this.",
                ),
                vec![],
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                l("Nie znaleziono", "Not found"),
                l(
                    "Nie ma takiego zasobu albo nie masz do niego dostępu.",
                    "No such resource, or it is not visible to you.",
                ),
                vec![],
            ),
            ApiError::Conflict(e) => (
                StatusCode::CONFLICT,
                l("Konflikt ze stanem", "Conflict"),
                e.message(lang).to_string(),
                vec![ProblemField {
                    field: e.field.clone(),
                    message: e.message(lang).to_string(),
                }],
            ),
            ApiError::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                l("Nieprawidłowe dane", "Invalid input"),
                l("Popraw wskazane pola.", "Correct the fields listed."),
                errors
                    .iter()
                    .map(|e| ProblemField {
                        field: e.field.clone(),
                        message: e.message(lang).to_string(),
                    })
                    .collect(),
            ),
            ApiError::Throttled(until) => {
                let when = domain::time::format_warsaw(until, lang);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    l("Zbyt wiele prób", "Too many attempts"),
                    l(
                        &format!(
                            "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie po {when}."
                        ),
                        &format!("Too many failed login attempts. Try again after {when}."),
                    ),
                    vec![],
                )
            }
            ApiError::Internal(why) => {
                tracing::error!(error = %why, "internal error in API handler");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    l("Błąd serwera", "Server error"),
                    l(
                        "Coś poszło nie tak po naszej stronie. Spróbuj ponownie.",
                        "Something went wrong on our side. Please try again.",
                    ),
                    vec![],
                )
            }
        };
        let body = Problem {
            kind: "about:blank".into(),
            status: status.as_u16(),
            title,
            detail,
            errors,
        };
        let mut resp = (status, axum::Json(body)).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        resp
    }
}

/// Marks a response that still needs its problem document in the caller's language; the API's
/// middleware ([`crate::api::localize`]) renders it, so handlers just return `ApiError`.
#[derive(Clone, Debug)]
pub struct Unrendered(pub ApiError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = StatusCode::INTERNAL_SERVER_ERROR.into_response();
        resp.extensions_mut().insert(Unrendered(self));
        resp
    }
}

/// A JSON body: any content type accepted; not JSON → `400`; JSON of the wrong shape → `422`
/// naming the field.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::Malformed(e.body_text()))?;
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| ApiError::Malformed(e.to_string()))?;
        if !value.is_object() {
            return Err(ApiError::Malformed("expected a JSON object".into()));
        }
        serde_path_to_error::deserialize(value)
            .map(ApiJson)
            .map_err(|e| {
                let path = e.path().to_string();
                let field = if path == "." { String::new() } else { path };
                let inner = e.into_inner().to_string();
                let missing = inner.starts_with("missing field");
                let field = if missing {
                    inner
                        .split('`')
                        .nth(1)
                        .map(|f| {
                            if field.is_empty() {
                                f.to_string()
                            } else {
                                format!("{field}.{f}")
                            }
                        })
                        .unwrap_or(field)
                } else {
                    field
                };
                let fe = if missing {
                    FieldError {
                        field,
                        message_pl: "To pole jest wymagane.".into(),
                        message_en: "This field is required.".into(),
                    }
                } else {
                    FieldError {
                        field,
                        message_pl: format!("Nieprawidłowa wartość lub typ pola ({inner})."),
                        message_en: format!("Invalid value or type ({inner})."),
                    }
                };
                ApiError::Invalid(vec![fe])
            })
    }
}
