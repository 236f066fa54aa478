//! `/consultations…`: public consultations of documents — an officer prepares and publishes one;
//! logged-in residents and NGO representatives comment while it is open (409 before it opens and
//! from the closing instant on, naming the instant in Warsaw time); after it closes the officer
//! answers every comment and publishes the report (JSON and CSV). Non-public comments are seen
//! only by officers; in the report their text appears without the author's identity.
//!
//! The cooperation programme cycle is in [`programmes`].

pub mod permissions;
pub mod programmes;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use domain::consultations::{
    ConsultationDraft, DateInput, Phase, check_document, validate_answer, validate_comment,
    validate_consultation,
};
use domain::time::{from_micros, to_rfc3339_warsaw};
use domain::{FieldError, Lang};
use serde::{Deserialize, Serialize};
use store::accounts::User;
use store::consultations::{CommentView, ConsultationView, NewDocument};
use store::municipalities::Municipality;
use utoipa::ToSchema;

use super::purchases::export::attachment;
use super::purchases::municipality;
use super::query::ApiQuery;
use crate::AppState;
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, ApiJson, Problem};
use permissions::{can_manage, can_see, can_see_all_comments};

// ---- shared helpers (also used by the pages) ------------------------------------------------

/// A consultation the user may see; `404` otherwise.
pub async fn visible_consultation(
    state: &AppState,
    user: Option<&User>,
    id: &str,
) -> Result<ConsultationView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    let v = store::consultations::get(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if can_see(user, &v) {
        Ok(v)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Checks an uploaded document and keeps it for storing.
pub fn checked_document(
    field: &str,
    filename: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> Result<NewDocument, FieldError> {
    let filename = filename.trim();
    let filename = if filename.is_empty() {
        "dokument"
    } else {
        filename
    };
    check_document(field, filename, content_type, bytes.len())?;
    Ok(NewDocument {
        filename: filename.chars().take(200).collect(),
        content_type: content_type.to_string(),
        bytes,
    })
}

/// Creates a draft for an officer of `m`.
pub async fn create_consultation(
    state: &AppState,
    user: &User,
    m: &Municipality,
    draft: &ConsultationDraft,
    input: DateInput,
    doc: Result<Option<NewDocument>, FieldError>,
) -> Result<String, ApiError> {
    if !can_manage(user, &m.id) {
        return Err(ApiError::Forbidden);
    }
    let (valid, doc) = check_all(draft, input, doc)?;
    Ok(store::consultations::create(
        &state.db,
        &m.id,
        &valid,
        doc.as_ref(),
        &user.id,
        state.now(),
    )
    .await?)
}

fn check_all(
    draft: &ConsultationDraft,
    input: DateInput,
    doc: Result<Option<NewDocument>, FieldError>,
) -> Result<
    (
        domain::consultations::ValidConsultation,
        Option<NewDocument>,
    ),
    ApiError,
> {
    let mut errors = Vec::new();
    let valid = validate_consultation(draft, input)
        .map_err(|mut e| errors.append(&mut e))
        .ok();
    let doc = doc.map_err(|e| errors.push(e)).ok().flatten();
    match valid {
        Some(v) if errors.is_empty() => Ok((v, doc)),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Changes a consultation for an officer.
pub async fn edit_consultation(
    state: &AppState,
    user: &User,
    v: &ConsultationView,
    draft: &ConsultationDraft,
    input: DateInput,
    doc: Result<Option<NewDocument>, FieldError>,
) -> Result<(), ApiError> {
    if !can_manage(user, &v.c.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let (valid, doc) = check_all(draft, input, doc)?;
    Ok(store::consultations::update(
        &state.db,
        &v.c.id,
        &valid,
        doc.as_ref(),
        &user.id,
        state.now(),
    )
    .await?)
}

/// Publishes a draft for an officer.
pub async fn publish_consultation(
    state: &AppState,
    user: &User,
    v: &ConsultationView,
) -> Result<(), ApiError> {
    if !can_manage(user, &v.c.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    Ok(store::consultations::publish(&state.db, &v.c.id, &user.id, state.now()).await?)
}

/// Adds a comment by a logged-in user, on their own behalf or an NGO's.
pub async fn add_comment(
    state: &AppState,
    user: &User,
    v: &ConsultationView,
    body: &str,
    public: bool,
    organisation_id: Option<&str>,
) -> Result<String, ApiError> {
    let body = validate_comment(body).map_err(|e| ApiError::Invalid(vec![e]))?;
    let org = organisation_id.map(str::trim).filter(|o| !o.is_empty());
    if let Some(o) = org
        && !store::ids::looks_like_id(o)
    {
        return Err(ApiError::Invalid(vec![FieldError::with_messages(
            "organisation_id",
            "Wybierz organizację, którą reprezentujesz.",
            "Choose an organisation you represent.",
        )]));
    }
    Ok(store::consultations::comment(
        &state.db,
        &v.c.id,
        &body,
        public,
        org,
        &user.id,
        state.now(),
    )
    .await?)
}

/// Records an officer's answer to a comment.
pub async fn answer_comment(
    state: &AppState,
    user: &User,
    v: &ConsultationView,
    comment_id: &str,
    answer: &str,
    text: &str,
) -> Result<(), ApiError> {
    if !can_manage(user, &v.c.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    if !v.comments.iter().any(|c| c.comment.id == comment_id) {
        return Err(ApiError::NotFound);
    }
    let (a, text) = validate_answer(answer, text).map_err(ApiError::Invalid)?;
    Ok(store::consultations::answer(
        &state.db,
        &v.c.id,
        comment_id,
        a,
        &text,
        &user.id,
        state.now(),
    )
    .await?)
}

/// Publishes the report for an officer.
pub async fn publish_report(
    state: &AppState,
    user: &User,
    v: &ConsultationView,
    summary: Option<&str>,
) -> Result<(), ApiError> {
    if !can_manage(user, &v.c.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let summary = domain::validation::optional_text(summary, domain::consultations::TEXT_MAX_CHARS)
        .map_err(|e| ApiError::Invalid(vec![FieldError::new("summary", &e)]))?;
    Ok(store::consultations::publish_report(
        &state.db,
        &v.c.id,
        summary.as_deref(),
        &user.id,
        state.now(),
    )
    .await?)
}

/// The report as CSV: UTF-8 with a BOM, `;` separated, CRLF; non-public comments without the
/// author's identity.
pub fn report_csv(v: &ConsultationView, lang: Lang) -> Result<Vec<u8>, ApiError> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| ApiError::Internal(format!("csv: {e}"));
    let head: [&str; 6] = match lang {
        Lang::Pl => [
            "Lp.",
            "Data zgłoszenia",
            "Zgłaszający",
            "Treść uwagi",
            "Rozstrzygnięcie",
            "Uzasadnienie",
        ],
        Lang::En => [
            "No.",
            "Submitted",
            "Submitted by",
            "Comment",
            "Answer",
            "Justification",
        ],
    };
    w.write_record(head).map_err(fail)?;
    for (i, c) in v.comments.iter().enumerate() {
        w.write_record([
            (i + 1).to_string(),
            domain::time::format_warsaw(from_micros(c.comment.created_at), lang),
            report_author(c, lang),
            c.comment.body.clone(),
            c.answer
                .map(|a| a.label(lang).to_string())
                .unwrap_or_default(),
            c.comment.answer_text.clone().unwrap_or_default(),
        ])
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::Internal(format!("csv: {e}")))
}

/// Who made a comment, as the report shows it: the name for public comments, a neutral label
/// for the others.
pub fn report_author(c: &CommentView, lang: Lang) -> String {
    if c.comment.is_public {
        c.public_name()
    } else {
        match lang {
            Lang::Pl => "uwaga niepubliczna (dane zgłaszającego nie są publikowane)".into(),
            Lang::En => "non-public comment (the author's identity is not published)".into(),
        }
    }
}

/// The file name of the CSV report.
pub fn report_filename(v: &ConsultationView) -> String {
    format!("raport-konsultacji-{}.csv", v.c.id)
}

// ---- what the API sends -----------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct DocumentOut {
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct CommentOut {
    pub id: String,
    /// The author's display name or the NGO's name; `null` for a non-public comment seen by
    /// someone who is not an officer (only in the report).
    pub author: Option<String>,
    /// The NGO on whose behalf it was made (officers, and public comments).
    pub organisation_id: Option<String>,
    /// Whether the comment is shown publicly.
    pub public: bool,
    pub body: String,
    pub created_at: String,
    /// `accepted`, `partly` or `rejected` (officers; in the report for everyone).
    pub answer: Option<String>,
    pub answer_text: Option<String>,
}

impl CommentOut {
    /// A comment as an officer sees it (identity always) or the public (public ones only).
    pub fn new(c: &CommentView, with_identity: bool, with_answer: bool) -> Self {
        let show = with_identity || c.comment.is_public;
        CommentOut {
            id: c.comment.id.clone(),
            author: if with_identity {
                Some(match &c.organisation_name {
                    Some(o) => format!("{} ({o})", c.author_name),
                    None => c.author_name.clone(),
                })
            } else {
                show.then(|| c.public_name())
            },
            organisation_id: if show {
                c.comment.organisation_id.clone()
            } else {
                None
            },
            public: c.comment.is_public,
            body: c.comment.body.clone(),
            created_at: to_rfc3339_warsaw(from_micros(c.comment.created_at)),
            answer: if with_answer {
                c.comment.answer.clone()
            } else {
                None
            },
            answer_text: if with_answer {
                c.comment.answer_text.clone()
            } else {
                None
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    pub consultation_id: String,
    pub title: String,
    pub published_at: String,
    pub published_by: Option<String>,
    pub summary: Option<String>,
    pub accepted: usize,
    pub partly: usize,
    pub rejected: usize,
    /// Every comment with its answer; non-public ones with `author: null`.
    pub comments: Vec<CommentOut>,
    pub csv_url: String,
}

impl ReportOut {
    pub fn new(v: &ConsultationView) -> Option<Self> {
        let at = v.c.report_published_at?;
        let count = |a: domain::consultations::Answer| {
            v.comments.iter().filter(|c| c.answer == Some(a)).count()
        };
        Some(ReportOut {
            consultation_id: v.c.id.clone(),
            title: v.c.title.clone(),
            published_at: to_rfc3339_warsaw(from_micros(at)),
            published_by: v.report_published_by_name.clone(),
            summary: v.c.report_summary.clone(),
            accepted: count(domain::consultations::Answer::Accepted),
            partly: count(domain::consultations::Answer::Partly),
            rejected: count(domain::consultations::Answer::Rejected),
            comments: v
                .comments
                .iter()
                .map(|c| CommentOut::new(c, false, true))
                .collect(),
            csv_url: format!("/api/v1/consultations/{}/report.csv", v.c.id),
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct ConsultationOut {
    pub id: String,
    pub municipality: String,
    pub title: String,
    pub description: String,
    pub document_text: Option<String>,
    pub document: Option<DocumentOut>,
    /// Comments are accepted from this instant (Warsaw time).
    pub opens_at: String,
    /// … up to, but not including, this instant.
    pub closes_at: String,
    /// `draft` or `published`.
    pub status: String,
    /// `draft`, `upcoming`, `open`, `closed` or `reported`, from the clock.
    pub phase: String,
    pub comments_open: bool,
    /// Public comments for everyone; every comment with its author for officers.
    pub comments: Vec<CommentOut>,
    /// How many comments there are in all (public or not).
    pub comment_count: usize,
    pub report: Option<ReportOut>,
    pub prepared_by: String,
    pub published_by: Option<String>,
    pub created_at: String,
    pub published_at: Option<String>,
    pub updated_at: String,
}

impl ConsultationOut {
    pub fn new(v: &ConsultationView, user: Option<&User>, now: jiff::Timestamp) -> Self {
        let officer = can_see_all_comments(user, v);
        let phase = v.phase(now);
        ConsultationOut {
            id: v.c.id.clone(),
            municipality: v.municipality_slug.clone(),
            title: v.c.title.clone(),
            description: v.c.description.clone(),
            document_text: v.c.document_text.clone(),
            document: v.document.as_ref().map(|d| DocumentOut {
                filename: d.filename.clone(),
                content_type: d.content_type.clone(),
                size: d.size,
                url: format!("/api/v1/consultations/{}/document", v.c.id),
            }),
            opens_at: to_rfc3339_warsaw(from_micros(v.c.opens_at)),
            closes_at: to_rfc3339_warsaw(from_micros(v.c.closes_at)),
            status: v.status.as_str().to_string(),
            phase: phase.as_str().to_string(),
            comments_open: phase == Phase::Open,
            comments: v
                .comments
                .iter()
                .filter(|c| officer || c.comment.is_public)
                .map(|c| CommentOut::new(c, officer, officer || phase == Phase::Reported))
                .collect(),
            comment_count: v.comments.len(),
            report: ReportOut::new(v),
            prepared_by: v.created_by_name.clone(),
            published_by: v.published_by_name.clone(),
            created_at: to_rfc3339_warsaw(from_micros(v.c.created_at)),
            published_at: v.c.published_at.map(|t| to_rfc3339_warsaw(from_micros(t))),
            updated_at: to_rfc3339_warsaw(from_micros(v.c.updated_at)),
        }
    }
}

// ---- what the API reads ---------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
pub struct FileIn {
    pub filename: Option<String>,
    /// `application/pdf`, ODT or DOCX.
    pub content_type: Option<String>,
    /// The file's bytes in base64 (at most 5 MB).
    pub content_base64: Option<String>,
}

/// Decodes an uploaded file of the API.
pub fn file_in(field: &str, f: Option<FileIn>) -> Result<Option<NewDocument>, FieldError> {
    let Some(f) = f else {
        return Ok(None);
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(f.content_base64.unwrap_or_default().trim())
        .map_err(|_| {
            FieldError::with_messages(
                field,
                "Zawartość pliku musi być w base64.",
                "The file content must be base64.",
            )
        })?;
    checked_document(
        field,
        f.filename.as_deref().unwrap_or(""),
        f.content_type.as_deref().unwrap_or(""),
        bytes,
    )
    .map(Some)
}

#[derive(Deserialize, ToSchema)]
pub struct ConsultationIn {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The consulted document as text (or upload it as `document`).
    pub document_text: Option<String>,
    pub document: Option<FileIn>,
    /// RFC 3339, e.g. `2027-10-01T08:00:00+02:00`.
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct CommentIn {
    pub body: Option<String>,
    /// Show the comment publicly with the author's (or the NGO's) name. Default `false`.
    pub public: Option<bool>,
    /// Comment on behalf of this NGO (the caller must represent it).
    pub organisation_id: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct AnswerIn {
    /// `accepted`, `partly` or `rejected`.
    pub answer: Option<String>,
    /// The justification.
    pub text: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ReportIn {
    /// An optional summary of the consultation.
    pub summary: Option<String>,
}

// ---- handlers ---------------------------------------------------------------------------------

fn out(state: &AppState, v: &ConsultationView, user: Option<&User>) -> ConsultationOut {
    ConsultationOut::new(v, user, state.now())
}

/// Create a draft consultation of a document (officers of the municipality).
#[utoipa::path(post, path = "/municipalities/{municipality}/consultations", tag = "consultations",
    request_body = ConsultationIn, security(("bearer" = [])), params(("municipality" = String, Path)),
    responses((status = 201, body = ConsultationOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(input): ApiJson<ConsultationIn>,
) -> Result<(StatusCode, Json<ConsultationOut>), ApiError> {
    let m = municipality(&state, Some(&slug)).await?;
    let s = |v: Option<String>| v.unwrap_or_default();
    let draft = ConsultationDraft {
        title: s(input.title),
        description: s(input.description),
        document_text: s(input.document_text),
        opens_at: s(input.opens_at),
        closes_at: s(input.closes_at),
    };
    let id = create_consultation(
        &state,
        &user,
        &m,
        &draft,
        DateInput::Api,
        file_in("document", input.document),
    )
    .await?;
    let v = visible_consultation(&state, Some(&user), &id).await?;
    Ok((StatusCode::CREATED, Json(out(&state, &v, Some(&user)))))
}

/// The consultations of a municipality: published ones for everyone, drafts too for its officers.
#[utoipa::path(get, path = "/consultations", tag = "consultations",
    params(("municipality" = String, Query), ("limit" = Option<u32>, Query), ("offset" = Option<u32>, Query)),
    responses((status = 200, body = Vec<ConsultationOut>), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    q: ApiQuery,
) -> Result<Json<Vec<ConsultationOut>>, ApiError> {
    let m = municipality(&state, q.get("municipality")).await?;
    let mut errors = Vec::new();
    let (limit, offset) = q.page(&mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let rows = store::consultations::list(&state.db, &m.id).await?;
    Ok(Json(
        rows.iter()
            .filter(|v| can_see(user.as_ref(), v))
            .skip(offset)
            .take(limit)
            .map(|v| out(&state, v, user.as_ref()))
            .collect(),
    ))
}

/// A consultation with its dates, phase, public comments and (once published) its report.
#[utoipa::path(get, path = "/consultations/{id}", tag = "consultations", params(("id" = String, Path)),
    responses((status = 200, body = ConsultationOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<ConsultationOut>, ApiError> {
    let v = visible_consultation(&state, user.as_ref(), &id).await?;
    Ok(Json(out(&state, &v, user.as_ref())))
}

/// Change a consultation (officers): any time as a draft, once published only before it opens
/// (409 afterwards). Fields left out keep their values.
#[utoipa::path(patch, path = "/consultations/{id}", tag = "consultations", request_body = ConsultationIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ConsultationOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ConsultationIn>,
) -> Result<Json<ConsultationOut>, ApiError> {
    let v = visible_consultation(&state, Some(&user), &id).await?;
    let draft = ConsultationDraft {
        title: input.title.unwrap_or_else(|| v.c.title.clone()),
        description: input.description.unwrap_or_else(|| v.c.description.clone()),
        document_text: input
            .document_text
            .or_else(|| v.c.document_text.clone())
            .unwrap_or_default(),
        opens_at: input
            .opens_at
            .unwrap_or_else(|| to_rfc3339_warsaw(from_micros(v.c.opens_at))),
        closes_at: input
            .closes_at
            .unwrap_or_else(|| to_rfc3339_warsaw(from_micros(v.c.closes_at))),
    };
    edit_consultation(
        &state,
        &user,
        &v,
        &draft,
        DateInput::Api,
        file_in("document", input.document),
    )
    .await?;
    let v = visible_consultation(&state, Some(&user), &id).await?;
    Ok(Json(out(&state, &v, Some(&user))))
}

/// Publish a draft (officers); 409 when already published or already past its closing instant.
#[utoipa::path(post, path = "/consultations/{id}/publish", tag = "consultations", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = ConsultationOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ConsultationOut>, ApiError> {
    let v = visible_consultation(&state, Some(&user), &id).await?;
    publish_consultation(&state, &user, &v).await?;
    let v = visible_consultation(&state, Some(&user), &id).await?;
    Ok(Json(out(&state, &v, Some(&user))))
}

/// Comment while the consultation is open (anyone logged in; on behalf of an NGO the caller
/// represents). 409 before `opens_at` and from `closes_at` on, naming the instant.
#[utoipa::path(post, path = "/consultations/{id}/comments", tag = "consultations", request_body = CommentIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 201, body = CommentOut), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "Not open yet, or closed", body = Problem), (status = 422, body = Problem)))]
pub async fn comment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CommentIn>,
) -> Result<(StatusCode, Json<CommentOut>), ApiError> {
    let v = visible_consultation(&state, Some(&user), &id).await?;
    let comment_id = add_comment(
        &state,
        &user,
        &v,
        input.body.as_deref().unwrap_or(""),
        input.public.unwrap_or(false),
        input.organisation_id.as_deref(),
    )
    .await?;
    let v = visible_consultation(&state, Some(&user), &id).await?;
    let c = v
        .comments
        .iter()
        .find(|c| c.comment.id == comment_id)
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(CommentOut::new(c, true, false))))
}

/// Every comment with its author, public or not (officers).
#[utoipa::path(get, path = "/consultations/{id}/comments", tag = "consultations", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Vec<CommentOut>), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn list_comments(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<CommentOut>>, ApiError> {
    let v = visible_consultation(&state, Some(&user), &id).await?;
    if !can_manage(&user, &v.c.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(
        v.comments
            .iter()
            .map(|c| CommentOut::new(c, true, true))
            .collect(),
    ))
}

/// Answer a comment (officers), after the consultation closes and until its report is published.
#[utoipa::path(put, path = "/consultations/{id}/comments/{comment_id}/answer", tag = "consultations",
    request_body = AnswerIn, security(("bearer" = [])), params(("id" = String, Path), ("comment_id" = String, Path)),
    responses((status = 200, body = CommentOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "Still open, or the report is published", body = Problem),
        (status = 422, body = Problem)))]
pub async fn answer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, comment_id)): Path<(String, String)>,
    ApiJson(input): ApiJson<AnswerIn>,
) -> Result<Json<CommentOut>, ApiError> {
    let v = visible_consultation(&state, Some(&user), &id).await?;
    answer_comment(
        &state,
        &user,
        &v,
        &comment_id,
        input.answer.as_deref().unwrap_or(""),
        input.text.as_deref().unwrap_or(""),
    )
    .await?;
    let v = visible_consultation(&state, Some(&user), &id).await?;
    let c = v
        .comments
        .iter()
        .find(|c| c.comment.id == comment_id)
        .ok_or(ApiError::NotFound)?;
    Ok(Json(CommentOut::new(c, true, true)))
}

/// Publish the report (officers): 409 before the consultation closes, while a comment has no
/// answer, or when already published.
#[utoipa::path(post, path = "/consultations/{id}/report/publish", tag = "consultations", request_body = ReportIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ConsultationOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish_report_handler(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReportIn>,
) -> Result<Json<ConsultationOut>, ApiError> {
    let v = visible_consultation(&state, Some(&user), &id).await?;
    publish_report(&state, &user, &v, input.summary.as_deref()).await?;
    let v = visible_consultation(&state, Some(&user), &id).await?;
    Ok(Json(out(&state, &v, Some(&user))))
}

async fn published_report(
    state: &AppState,
    user: Option<&User>,
    id: &str,
) -> Result<ConsultationView, ApiError> {
    let v = visible_consultation(state, user, id).await?;
    if v.c.report_published_at.is_none() {
        return Err(ApiError::NotFound);
    }
    Ok(v)
}

/// The published report: every comment with its answer; non-public comments without the
/// author's identity. 404 until published.
#[utoipa::path(get, path = "/consultations/{id}/report", tag = "consultations", params(("id" = String, Path)),
    responses((status = 200, body = ReportOut), (status = 404, body = Problem)))]
pub async fn report(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<ReportOut>, ApiError> {
    let v = published_report(&state, user.as_ref(), &id).await?;
    ReportOut::new(&v).map(Json).ok_or(ApiError::NotFound)
}

/// The published report as CSV (UTF-8 with BOM, `;`, CRLF). 404 until published.
#[utoipa::path(get, path = "/consultations/{id}/report.csv", tag = "consultations", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/csv", description = "CSV"), (status = 404, body = Problem)))]
pub async fn report_csv_handler(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let v = published_report(&state, user.as_ref(), &id).await?;
    let bytes = report_csv(&v, super::request_lang(&headers))?;
    Ok(attachment(
        bytes,
        super::purchases::export::CSV,
        &report_filename(&v),
    ))
}

/// The consulted document as uploaded.
#[utoipa::path(get, path = "/consultations/{id}/document", tag = "consultations", params(("id" = String, Path)),
    responses((status = 200, description = "The file"), (status = 404, body = Problem)))]
pub async fn document(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let v = visible_consultation(&state, user.as_ref(), &id).await?;
    file_response(
        &state,
        "consultation",
        &v.c.id,
        v.c.document_file_id.as_deref(),
    )
    .await
}

/// A stored document as a download, or 404.
pub async fn file_response(
    state: &AppState,
    owner_type: &str,
    owner_id: &str,
    file_id: Option<&str>,
) -> Result<Response, ApiError> {
    let file_id = file_id.ok_or(ApiError::NotFound)?;
    let f = store::consultations::document(&state.db, owner_type, owner_id, file_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let ct: &'static str = domain::consultations::DOCUMENT_TYPES
        .iter()
        .copied()
        .find(|t| *t == f.content_type)
        .unwrap_or("application/octet-stream");
    let safe: String = f
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(attachment(f.content, ct, &safe))
}
