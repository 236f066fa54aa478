//! The Public Benefit Council on pages: the public register at `/{slug}/rada` (composition,
//! term, meetings, minutes, opinions, resolutions, elections, metadata) with the officers' forms,
//! the NGOs' joint request at `/{slug}/rada/wniosek`, and the pages of an election, a meeting and
//! a resolution. Every form works without JavaScript, carries the CSRF token, names its fields
//! `<form>.<field>` so errors land next to the right field, and keeps what was typed.

mod election;
mod meeting;
mod register;
mod resolution;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use domain::{FieldError, Lang};

use super::{FormErrors, PageError};
use crate::AppState;
use crate::error::ApiError;

/// The routes of the feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{slug}/rada", get(register::show))
        .route(
            "/{slug}/rada/wniosek",
            get(register::request_page).post(register::sign),
        )
        .route("/{slug}/rada/nowa", post(register::create_council))
        .route("/{slug}/rada/czlonkowie", post(register::add_member))
        .route("/{slug}/rada/odejscie", post(register::leave))
        .route("/{slug}/rada/powolanie", post(register::constitute))
        .route("/{slug}/rada/posiedzenia", post(register::create_meeting))
        .route("/{slug}/rada/opinie", post(register::request_opinion))
        .route("/{slug}/rada/uchwaly", post(register::open_resolution))
        .route("/{slug}/rada/wybory", post(register::create_election))
        .route("/rada/wybory/{id}", get(election::show))
        .route("/rada/wybory/{id}/kandydaci", post(election::nominate))
        .route("/rada/wybory/{id}/glos", post(election::ballot))
        .route("/rada/wybory/{id}/etap", post(election::advance))
        .route("/rada/wybory/{id}/mandat", post(election::seat))
        .route("/rada/posiedzenia/{id}", get(meeting::show))
        .route("/rada/posiedzenia/{id}/obecnosc", post(meeting::attendance))
        .route("/rada/posiedzenia/{id}/protokol", post(meeting::minutes))
        .route(
            "/rada/posiedzenia/{id}/kalendarz.ics",
            get(meeting::calendar_file),
        )
        .route("/{slug}/rada/kalendarz.ics", get(register::calendar_file))
        .route("/rada/uchwaly/{id}", get(resolution::show))
        .route("/rada/uchwaly/{id}/glos", post(resolution::vote))
        .route("/rada/uchwaly/{id}/zamkniecie", post(resolution::close))
}

/// What a form posted, which form it was, and what was wrong with it.
#[derive(Default)]
pub struct Posted {
    /// The form's name (`member`, `meeting`, …); empty when nothing was posted.
    pub which: String,
    pub pairs: Vec<(String, String)>,
}

impl Posted {
    pub fn new(which: &str, pairs: Vec<(String, String)>) -> Self {
        Posted {
            which: which.to_string(),
            pairs,
        }
    }

    /// The value typed into `<which>.<name>` (or `name` when it has no dot).
    pub fn get(&self, key: &str) -> String {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of a repeated field (checkboxes).
    pub fn all(&self, key: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// Turns what an action refused into the errors of form `which` (fields prefixed `which.`;
/// conflicts are shown at the top of the form), with the status to answer; anything else is
/// passed on as a page error.
pub fn refusal(
    err: ApiError,
    which: &str,
    lang: Lang,
) -> Result<(StatusCode, FormErrors), PageError> {
    let prefix = |errors: Vec<FieldError>| -> Vec<FieldError> {
        errors
            .into_iter()
            .map(|mut e| {
                e.field = if e.field.is_empty() {
                    String::new()
                } else {
                    format!("{which}.{}", e.field)
                };
                e
            })
            .collect()
    };
    match err {
        ApiError::Invalid(e) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors::new(&prefix(e), lang),
        )),
        ApiError::Conflict(mut e) => {
            e.field = String::new();
            Ok((StatusCode::CONFLICT, FormErrors::new(&[e], lang)))
        }
        ApiError::Forbidden | ApiError::NotFound => Err(PageError::NotFound(lang)),
        other => Err(PageError::Internal(format!("{other:?}"))),
    }
}

/// A select option.
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The metadata block of a published record.
pub struct Metadata {
    pub prepared_by: String,
    pub published_by: Option<String>,
    pub created: String,
    pub published: Option<String>,
    pub updated: String,
}

/// A line of the change log.
pub struct HistoryRow {
    pub when: String,
    pub what: String,
}

/// The change log of a subject from the audit log, in words.
pub async fn history(
    state: &AppState,
    subject_type: &str,
    subject_id: &str,
    lang: Lang,
) -> Result<Vec<HistoryRow>, PageError> {
    Ok(
        store::audit::for_subject(&state.db, subject_type, subject_id)
            .await?
            .into_iter()
            .map(|e| HistoryRow {
                when: super::when(e.at, lang),
                what: crate::i18n::t(
                    lang,
                    &format!("council-history-{}", e.action.replace(['.', '_'], "-")),
                ),
            })
            .collect(),
    )
}

/// A page-level view of an API error when loading.
pub fn not_found(lang: Lang) -> impl Fn(ApiError) -> PageError {
    move |e| match e {
        ApiError::NotFound | ApiError::Forbidden => PageError::NotFound(lang),
        other => PageError::Internal(format!("{other:?}")),
    }
}
