//! `/cooperation-programmes…`: the annual cooperation programme of a municipality (art. 5a) —
//! one per year, linked to its consultation and the council's opinion, its adoption (due by
//! 30 November of the year before) and the report on the year (due by 31 May of the year after),
//! with the deadlines' state computed from the clock.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::FieldError;
use domain::consultations::{ProgrammeStatus, TEXT_MAX_CHARS, TITLE_MAX_CHARS, validate_reference};
use domain::time::{from_micros, parse_date, to_rfc3339_warsaw};
use domain::validation::{optional_text, required_text};
use serde::{Deserialize, Serialize};
use store::accounts::User;
use store::consultations::NewDocument;
use store::consultations::programmes::{DeadlineFacts, ProgrammeInput, ProgrammeView};
use store::municipalities::Municipality;
use utoipa::ToSchema;

use super::permissions::can_manage;
use super::{DocumentOut, FileIn, file_in, file_response};
use crate::AppState;
use crate::api::purchases::municipality;
use crate::api::query::{ApiQuery, parse_year};
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiJson, Problem};

/// Today in Warsaw by the server's clock.
pub fn today(state: &AppState) -> jiff::civil::Date {
    domain::time::today_warsaw(state.clock.as_ref())
}

/// A programme by id (programmes are public); `404` otherwise.
pub async fn find_programme(state: &AppState, id: &str) -> Result<ProgrammeView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    store::consultations::programmes::get(&state.db, id, today(state))
        .await?
        .ok_or(ApiError::NotFound)
}

/// The typed fields of a programme form or request.
#[derive(Clone, Debug, Default)]
pub struct ProgrammeFields {
    pub title: String,
    pub document_text: String,
    pub consultation_id: String,
    pub council_opinion_ref: String,
    /// `draft`, `consulted` or empty (keep).
    pub status: String,
}

fn check_fields(
    f: &ProgrammeFields,
    doc: Result<Option<NewDocument>, FieldError>,
    errors: &mut Vec<FieldError>,
) -> Option<(ProgrammeInput, Option<NewDocument>)> {
    let title = required_text(&f.title, TITLE_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("title", &e)))
        .ok();
    let document_text = optional_text(Some(&f.document_text), TEXT_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("document_text", &e)))
        .ok()
        .flatten();
    let consultation_id = Some(f.consultation_id.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    if let Some(c) = &consultation_id
        && !store::ids::looks_like_id(c)
    {
        errors.push(FieldError::with_messages(
            "consultation_id",
            "Nie ma takich konsultacji w tej gminie.",
            "There is no such consultation in this municipality.",
        ));
    }
    let council_opinion_ref = validate_reference(Some(&f.council_opinion_ref))
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let status = match f.status.trim() {
        "" => None,
        s => match ProgrammeStatus::parse(s) {
            Some(s) => Some(s),
            None => {
                errors.push(FieldError::with_messages(
                    "status",
                    "Status programu to: projekt (draft) albo po konsultacjach (consulted).",
                    "The programme's status is draft or consulted.",
                ));
                None
            }
        },
    };
    let doc = doc.map_err(|e| errors.push(e)).ok().flatten();
    match title {
        Some(title) if errors.is_empty() => Some((
            ProgrammeInput {
                title,
                document_text,
                consultation_id,
                council_opinion_ref,
                status,
            },
            doc,
        )),
        _ => None,
    }
}

/// Creates the programme for a year (officers).
pub async fn create_programme(
    state: &AppState,
    user: &User,
    m: &Municipality,
    year: &str,
    f: &ProgrammeFields,
    doc: Result<Option<NewDocument>, FieldError>,
) -> Result<String, ApiError> {
    if !can_manage(user, &m.id) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let year = parse_year("year", year).map_err(|e| errors.push(e)).ok();
    let checked = check_fields(f, doc, &mut errors);
    match (year, checked) {
        (Some(year), Some((input, doc))) if errors.is_empty() => {
            Ok(store::consultations::programmes::create(
                &state.db,
                &m.id,
                year,
                &input,
                doc.as_ref(),
                &user.id,
                state.now(),
            )
            .await?)
        }
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Changes a programme (officers).
pub async fn edit_programme(
    state: &AppState,
    user: &User,
    p: &ProgrammeView,
    f: &ProgrammeFields,
    doc: Result<Option<NewDocument>, FieldError>,
) -> Result<(), ApiError> {
    if !can_manage(user, &p.p.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    match check_fields(f, doc, &mut errors) {
        Some((input, doc)) => Ok(store::consultations::programmes::update(
            &state.db,
            &p.p.id,
            &input,
            doc.as_ref(),
            &user.id,
            state.now(),
        )
        .await?),
        None => Err(ApiError::Invalid(errors)),
    }
}

fn read_day(field: &str, v: &str) -> Result<jiff::civil::Date, FieldError> {
    parse_date(v).map_err(|e| FieldError::new(field, &e))
}

/// Records the adoption (officers).
pub async fn adopt_programme(
    state: &AppState,
    user: &User,
    p: &ProgrammeView,
    adopted_on: &str,
    resolution_ref: &str,
) -> Result<(), ApiError> {
    if !can_manage(user, &p.p.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let day = read_day("adopted_on", adopted_on)
        .map_err(|e| errors.push(e))
        .ok();
    let r = optional_text(Some(resolution_ref), domain::consultations::REF_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("resolution_ref", &e)))
        .ok()
        .flatten();
    match day {
        Some(day) if errors.is_empty() => Ok(store::consultations::programmes::adopt(
            &state.db,
            &p.p.id,
            day,
            r.as_deref(),
            &user.id,
            state.now(),
        )
        .await?),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Records the published report on the programme's year (officers); `published_on` blank means
/// today.
pub async fn record_report(
    state: &AppState,
    user: &User,
    p: &ProgrammeView,
    published_on: &str,
    report_text: &str,
    doc: Result<Option<NewDocument>, FieldError>,
) -> Result<(), ApiError> {
    if !can_manage(user, &p.p.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let day = if published_on.trim().is_empty() {
        Some(today(state))
    } else {
        read_day("published_on", published_on)
            .map_err(|e| errors.push(e))
            .ok()
    };
    let text = optional_text(Some(report_text), TEXT_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("report_text", &e)))
        .ok()
        .flatten();
    let doc = doc.map_err(|e| errors.push(e)).ok().flatten();
    match day {
        Some(day) if errors.is_empty() => Ok(store::consultations::programmes::record_report(
            &state.db,
            &p.p.id,
            day,
            text.as_deref(),
            doc.as_ref(),
            &user.id,
            state.now(),
        )
        .await?),
        _ => Err(ApiError::Invalid(errors)),
    }
}

// ---- what the API sends -----------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct DeadlineOut {
    /// `adoption` or `report`.
    pub kind: String,
    /// The programme year it concerns.
    pub year: i16,
    /// The last day (inclusive).
    pub deadline: String,
    /// `done`, `done_late`, `upcoming`, `due_soon` (30 days or fewer left) or `overdue`.
    pub state: String,
    /// Days left (not done and not overdue).
    pub days_left: Option<i64>,
    /// Days late (overdue).
    pub days_late: Option<i64>,
    /// The day it was done.
    pub done_on: Option<String>,
    pub programme_id: Option<String>,
}

impl DeadlineOut {
    pub fn new(f: &DeadlineFacts) -> Self {
        use domain::consultations::DeadlineState as S;
        let (left, late, done) = match f.state {
            S::Done { on, .. } => (None, None, Some(on.to_string())),
            S::Upcoming { days_left } | S::DueSoon { days_left } => (Some(days_left), None, None),
            S::Overdue { days_late } => (None, Some(days_late), None),
        };
        DeadlineOut {
            kind: f.kind.as_str().to_string(),
            year: f.year,
            deadline: f.deadline.to_string(),
            state: f.state.as_str().to_string(),
            days_left: left,
            days_late: late,
            done_on: done,
            programme_id: f.programme_id.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProgrammeOut {
    pub id: String,
    pub municipality: String,
    pub year: i32,
    pub title: String,
    /// `draft`, `consulted` or `adopted`.
    pub status: String,
    pub document_text: Option<String>,
    pub document: Option<DocumentOut>,
    pub adopted_on: Option<String>,
    pub resolution_ref: Option<String>,
    pub consultation_id: Option<String>,
    pub consultation_url: Option<String>,
    /// The Public Benefit Council's opinion: a free reference or URL.
    pub council_opinion_ref: Option<String>,
    pub report_text: Option<String>,
    pub report_document: Option<DocumentOut>,
    pub report_published_on: Option<String>,
    /// Adoption by 30 November of the year before.
    pub adoption: DeadlineOut,
    /// The report by 31 May of the year after.
    pub report: DeadlineOut,
    pub prepared_by: String,
    pub changed_by: String,
    pub created_at: String,
    pub updated_at: String,
}

impl ProgrammeOut {
    pub fn new(v: &ProgrammeView) -> Self {
        let p = &v.p;
        let doc = |d: &Option<store::consultations::DocumentInfo>, which: &str| {
            d.as_ref().map(|d| DocumentOut {
                filename: d.filename.clone(),
                content_type: d.content_type.clone(),
                size: d.size,
                url: format!("/api/v1/cooperation-programmes/{}/{which}", p.id),
            })
        };
        ProgrammeOut {
            id: p.id.clone(),
            municipality: v.municipality_slug.clone(),
            year: p.year,
            title: p.title.clone(),
            status: v.status.as_str().to_string(),
            document_text: p.document_text.clone(),
            document: doc(&v.document, "document"),
            adopted_on: p.adopted_on.clone(),
            resolution_ref: p.resolution_ref.clone(),
            consultation_id: p.consultation_id.clone(),
            consultation_url: p
                .consultation_id
                .as_ref()
                .map(|c| format!("/api/v1/consultations/{c}")),
            council_opinion_ref: p.council_opinion_ref.clone(),
            report_text: p.report_text.clone(),
            report_document: doc(&v.report_document, "report-document"),
            report_published_on: p.report_published_on.clone(),
            adoption: DeadlineOut::new(&v.adoption),
            report: DeadlineOut::new(&v.report),
            prepared_by: v.created_by_name.clone(),
            changed_by: v.updated_by_name.clone(),
            created_at: to_rfc3339_warsaw(from_micros(p.created_at)),
            updated_at: to_rfc3339_warsaw(from_micros(p.updated_at)),
        }
    }
}

// ---- what the API reads ---------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
pub struct ProgrammeIn {
    /// The programme year (creation only).
    pub year: Option<i64>,
    pub title: Option<String>,
    pub document_text: Option<String>,
    pub document: Option<FileIn>,
    /// The consultation of the programme (same municipality).
    pub consultation_id: Option<String>,
    /// The council's opinion: a reference or URL.
    pub council_opinion_ref: Option<String>,
    /// `draft` or `consulted`.
    pub status: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct AdoptionIn {
    /// The day of the council's resolution, `YYYY-MM-DD`.
    pub adopted_on: Option<String>,
    /// The resolution's number or link.
    pub resolution_ref: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ProgrammeReportIn {
    /// The day it was published, `YYYY-MM-DD` (default today).
    pub published_on: Option<String>,
    pub report_text: Option<String>,
    pub document: Option<FileIn>,
}

// ---- handlers ---------------------------------------------------------------------------------

/// Create the cooperation programme for a year (officers); 409 when the year already has one.
#[utoipa::path(post, path = "/municipalities/{municipality}/cooperation-programmes", tag = "cooperation-programmes",
    request_body = ProgrammeIn, security(("bearer" = [])), params(("municipality" = String, Path)),
    responses((status = 201, body = ProgrammeOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(input): ApiJson<ProgrammeIn>,
) -> Result<(StatusCode, Json<ProgrammeOut>), ApiError> {
    let m = municipality(&state, Some(&slug)).await?;
    let s = |v: Option<String>| v.unwrap_or_default();
    let f = ProgrammeFields {
        title: s(input.title),
        document_text: s(input.document_text),
        consultation_id: s(input.consultation_id),
        council_opinion_ref: s(input.council_opinion_ref),
        status: s(input.status),
    };
    let year = input.year.map(|y| y.to_string()).unwrap_or_default();
    let id = create_programme(
        &state,
        &user,
        &m,
        &year,
        &f,
        file_in("document", input.document),
    )
    .await?;
    let v = find_programme(&state, &id).await?;
    Ok((StatusCode::CREATED, Json(ProgrammeOut::new(&v))))
}

/// The programmes of a municipality, latest year first, with their deadlines.
#[utoipa::path(get, path = "/cooperation-programmes", tag = "cooperation-programmes",
    params(("municipality" = String, Query)),
    responses((status = 200, body = Vec<ProgrammeOut>), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    q: ApiQuery,
) -> Result<Json<Vec<ProgrammeOut>>, ApiError> {
    let m = municipality(&state, q.get("municipality")).await?;
    let rows = store::consultations::programmes::list(&state.db, &m.id, today(&state)).await?;
    Ok(Json(rows.iter().map(ProgrammeOut::new).collect()))
}

/// The deadlines of the current cycle: the adoption of next year's programme (by 30 November)
/// and the report on last year (by 31 May), with their state today.
#[utoipa::path(get, path = "/municipalities/{municipality}/cooperation-deadlines", tag = "cooperation-programmes",
    params(("municipality" = String, Path)),
    responses((status = 200, body = Vec<DeadlineOut>), (status = 404, body = Problem)))]
pub async fn deadlines(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<DeadlineOut>>, ApiError> {
    let m = municipality(&state, Some(&slug)).await?;
    let rows = store::consultations::programmes::cycle(&state.db, &m.id, today(&state)).await?;
    Ok(Json(rows.iter().map(DeadlineOut::new).collect()))
}

/// A programme with its deadlines.
#[utoipa::path(get, path = "/cooperation-programmes/{id}", tag = "cooperation-programmes",
    params(("id" = String, Path)),
    responses((status = 200, body = ProgrammeOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ProgrammeOut>, ApiError> {
    Ok(Json(ProgrammeOut::new(&find_programme(&state, &id).await?)))
}

/// Change a programme (officers). Fields left out keep their values; the status moves between
/// `draft` and `consulted` (adoption has its own action).
#[utoipa::path(patch, path = "/cooperation-programmes/{id}", tag = "cooperation-programmes",
    request_body = ProgrammeIn, security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ProgrammeOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ProgrammeIn>,
) -> Result<Json<ProgrammeOut>, ApiError> {
    let v = find_programme(&state, &id).await?;
    let keep =
        |new: Option<String>, old: &Option<String>| new.or_else(|| old.clone()).unwrap_or_default();
    let f = ProgrammeFields {
        title: input.title.unwrap_or_else(|| v.p.title.clone()),
        document_text: keep(input.document_text, &v.p.document_text),
        consultation_id: keep(input.consultation_id, &v.p.consultation_id),
        council_opinion_ref: keep(input.council_opinion_ref, &v.p.council_opinion_ref),
        status: input.status.unwrap_or_default(),
    };
    edit_programme(&state, &user, &v, &f, file_in("document", input.document)).await?;
    Ok(Json(ProgrammeOut::new(&find_programme(&state, &id).await?)))
}

/// Record the council's adoption of the programme (officers): 422 for a day in the future,
/// 409 when already recorded.
#[utoipa::path(post, path = "/cooperation-programmes/{id}/adoption", tag = "cooperation-programmes",
    request_body = AdoptionIn, security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ProgrammeOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn adoption(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AdoptionIn>,
) -> Result<Json<ProgrammeOut>, ApiError> {
    let v = find_programme(&state, &id).await?;
    adopt_programme(
        &state,
        &user,
        &v,
        input.adopted_on.as_deref().unwrap_or(""),
        input.resolution_ref.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(ProgrammeOut::new(&find_programme(&state, &id).await?)))
}

/// Record the published report on the programme's year (officers): 422 for a day in the future
/// or within the year itself, or without text and file; 409 when already recorded.
#[utoipa::path(post, path = "/cooperation-programmes/{id}/report", tag = "cooperation-programmes",
    request_body = ProgrammeReportIn, security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ProgrammeOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ProgrammeReportIn>,
) -> Result<Json<ProgrammeOut>, ApiError> {
    let v = find_programme(&state, &id).await?;
    record_report(
        &state,
        &user,
        &v,
        input.published_on.as_deref().unwrap_or(""),
        input.report_text.as_deref().unwrap_or(""),
        file_in("document", input.document),
    )
    .await?;
    Ok(Json(ProgrammeOut::new(&find_programme(&state, &id).await?)))
}

/// The programme's document as uploaded.
#[utoipa::path(get, path = "/cooperation-programmes/{id}/document", tag = "cooperation-programmes",
    params(("id" = String, Path)), responses((status = 200, description = "The file"), (status = 404, body = Problem)))]
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let v = find_programme(&state, &id).await?;
    file_response(
        &state,
        "cooperation_programme",
        &v.p.id,
        v.p.document_file_id.as_deref(),
    )
    .await
}

/// The report's document as uploaded.
#[utoipa::path(get, path = "/cooperation-programmes/{id}/report-document", tag = "cooperation-programmes",
    params(("id" = String, Path)), responses((status = 200, description = "The file"), (status = 404, body = Problem)))]
pub async fn report_document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let v = find_programme(&state, &id).await?;
    file_response(
        &state,
        "cooperation_report",
        &v.p.id,
        v.p.report_file_id.as_deref(),
    )
    .await
}
