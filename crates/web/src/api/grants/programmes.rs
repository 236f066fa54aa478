//! `/municipalities/{slug}/programmes`, `/programmes/{id}/calls`, `/calls…`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::grants::{CallInput, CriterionInput, validate_call};
use serde::{Deserialize, Serialize};
use store::grants::CallView;
use utoipa::{IntoParams, ToSchema};

use super::{Parse, amount, instant, is_officer, visible_call};
use crate::AppState;
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, ApiJson, Problem};

#[derive(Deserialize, ToSchema)]
pub struct ProgrammeIn {
    pub name: Option<String>,
    /// `microgrants`.
    pub kind: Option<String>,
    pub year: Option<i64>,
    /// "100000.00"
    pub budget: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProgrammeOut {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub year: i32,
    pub budget: String,
    /// What is left for new calls.
    pub left: String,
}

async fn programme_out(
    state: &AppState,
    p: store::grants::Programme,
) -> Result<ProgrammeOut, ApiError> {
    let left = store::grants::programme_left(state.db.read(), &p).await?;
    Ok(ProgrammeOut {
        id: p.id,
        name: p.name,
        kind: p.kind,
        year: p.year,
        budget: amount(p.budget),
        left: left.to_string(),
    })
}

/// Validates and creates a programme (shared with the page).
#[allow(clippy::too_many_arguments)]
pub async fn new_programme(
    state: &AppState,
    user: &store::accounts::User,
    municipality_id: &str,
    name: Option<&str>,
    kind: Option<&str>,
    year: Option<i64>,
    budget: Option<domain::Grosze>,
    mut p: Parse,
) -> Result<String, ApiError> {
    if !is_officer(user, municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let name = name.map(str::trim).unwrap_or("");
    if name.is_empty() || name.chars().count() > 300 {
        p.errors.push(domain::FieldError::with_messages(
            "name",
            "Podaj nazwę programu (do 300 znaków).",
            "Give the programme's name (up to 300 characters).",
        ));
    }
    if kind.unwrap_or("microgrants") != "microgrants" {
        p.errors.push(domain::FieldError::with_messages(
            "kind",
            "Obsługiwany rodzaj programu to „microgrants”.",
            "The supported kind is \"microgrants\".",
        ));
    }
    let year_ok = year.filter(|y| (2000..=2100).contains(y));
    if year_ok.is_none() {
        p.errors.push(domain::FieldError::with_messages(
            "year",
            "Rok budżetowy to liczba od 2000 do 2100.",
            "The budget year is a number from 2000 to 2100.",
        ));
    }
    if budget.is_none() && p.errors.iter().all(|e| e.field != "budget") {
        p.errors.push(domain::FieldError::with_messages(
            "budget",
            "Podaj budżet programu.",
            "Give the programme's budget.",
        ));
    }
    p.finish()?;
    let (Some(year), Some(budget)) = (year_ok, budget) else {
        return Err(ApiError::Internal("validated".into()));
    };
    Ok(store::grants::create_programme(
        &state.db,
        municipality_id,
        name,
        "microgrants",
        year as i32,
        budget,
        &user.id,
        state.now(),
    )
    .await?)
}

/// Create a programme with a yearly budget (officer of the municipality).
#[utoipa::path(post, path = "/municipalities/{slug}/programmes", tag = "microgrants", request_body = ProgrammeIn,
    params(("slug" = String, Path)), security(("bearer" = [])),
    responses((status = 201, body = ProgrammeOut), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_programme(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(input): ApiJson<ProgrammeIn>,
) -> Result<(StatusCode, Json<ProgrammeOut>), ApiError> {
    let m = store::municipalities::by_slug(&state.db, &slug)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut p = Parse::default();
    let budget = p.money("budget", input.budget.as_deref());
    let id = new_programme(
        &state,
        &user,
        &m.id,
        input.name.as_deref(),
        input.kind.as_deref(),
        input.year,
        budget,
        p,
    )
    .await?;
    let prog = store::grants::programme(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(programme_out(&state, prog).await?),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CriterionIn {
    pub name: Option<String>,
    pub max_points: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct CallIn {
    pub title: Option<String>,
    /// The rules shown to applicants.
    pub rules: Option<String>,
    /// RFC 3339, e.g. "2027-03-01T08:00:00+01:00".
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub min_grant: Option<String>,
    pub max_grant: Option<String>,
    pub budget: Option<String>,
    /// `["ngo", "informal_group"]`
    pub applicant_kinds: Option<Vec<String>>,
    pub criteria: Option<Vec<CriterionIn>>,
    pub min_evaluators: Option<i64>,
    pub min_average_percent: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct CriterionOut {
    pub id: String,
    pub name: String,
    pub max_points: i32,
}

#[derive(Serialize, ToSchema)]
pub struct CallOut {
    pub id: String,
    pub programme_id: String,
    pub municipality: String,
    pub title: String,
    pub rules: String,
    /// `draft` or `published`.
    pub status: String,
    /// `upcoming`, `open`, `closed` or `results`.
    pub phase: String,
    pub opens_at: String,
    pub closes_at: String,
    pub min_grant: String,
    pub max_grant: String,
    pub budget: String,
    pub applicant_kinds: Vec<String>,
    pub criteria: Vec<CriterionOut>,
    pub max_total_points: u32,
    pub min_evaluators: i32,
    pub min_average_percent: i32,
}

pub fn call_out(c: &CallView, now: jiff::Timestamp) -> CallOut {
    CallOut {
        id: c.call.id.clone(),
        programme_id: c.call.programme_id.clone(),
        municipality: c.municipality.slug.clone(),
        title: c.call.title.clone(),
        rules: c.call.rules.clone(),
        status: c.call.status.clone(),
        phase: if c.is_published() {
            c.phase(now).as_str().to_string()
        } else {
            "draft".into()
        },
        opens_at: instant(c.call.opens_at),
        closes_at: instant(c.call.closes_at),
        min_grant: amount(c.call.min_grant),
        max_grant: amount(c.call.max_grant),
        budget: amount(c.call.budget),
        applicant_kinds: c
            .applicant_kinds()
            .iter()
            .map(|k| k.as_str().to_string())
            .collect(),
        criteria: c
            .criteria
            .iter()
            .map(|cr| CriterionOut {
                id: cr.id.clone(),
                name: cr.name.clone(),
                max_points: cr.max_points,
            })
            .collect(),
        max_total_points: c.max_total(),
        min_evaluators: c.call.min_evaluators,
        min_average_percent: c.call.min_average_percent,
    }
}

/// Validates and creates a call in a programme (shared with the page).
pub async fn new_call(
    state: &AppState,
    user: &store::accounts::User,
    programme_id: &str,
    input: CallInput,
    p: Parse,
) -> Result<String, ApiError> {
    if !store::ids::looks_like_id(programme_id) {
        return Err(ApiError::NotFound);
    }
    let prog = store::grants::programme(&state.db, programme_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !is_officer(user, &prog.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let left = store::grants::programme_left(state.db.read(), &prog).await?;
    let mut errors = p.errors;
    match validate_call(&input, left) {
        Ok(valid) if errors.is_empty() => {
            Ok(
                store::grants::create_call(&state.db, &prog.id, &valid, &user.id, state.now())
                    .await?,
            )
        }
        Ok(_) => Err(ApiError::Invalid(errors)),
        Err(mut e) => {
            // Keep the parse error for a field rather than a second "required" for it.
            e.retain(|x| !errors.iter().any(|p| p.field == x.field));
            errors.append(&mut e);
            Err(ApiError::Invalid(errors))
        }
    }
}

/// Create a draft call (round) in a programme; its budget cannot exceed what the programme has left.
#[utoipa::path(post, path = "/programmes/{id}/calls", tag = "microgrants", request_body = CallIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 201, body = CallOut), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_call(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CallIn>,
) -> Result<(StatusCode, Json<CallOut>), ApiError> {
    let mut p = Parse::default();
    let call_input = CallInput {
        title: input.title.unwrap_or_default(),
        rules: input.rules.unwrap_or_default(),
        opens_at: p.instant("opens_at", input.opens_at.as_deref()),
        closes_at: p.instant("closes_at", input.closes_at.as_deref()),
        min_grant: p.money("min_grant", input.min_grant.as_deref()),
        max_grant: p.money("max_grant", input.max_grant.as_deref()),
        budget: p.money("budget", input.budget.as_deref()),
        applicant_kinds: input.applicant_kinds.unwrap_or_default(),
        criteria: input
            .criteria
            .unwrap_or_default()
            .into_iter()
            .map(|c| CriterionInput {
                name: c.name.unwrap_or_default(),
                max_points: c.max_points,
            })
            .collect(),
        min_evaluators: input.min_evaluators,
        min_average_percent: input.min_average_percent,
    };
    let call_id = new_call(&state, &user, &id, call_input, p).await?;
    let c = store::grants::call_view(state.db.read(), &call_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(call_out(&c, state.now()))))
}

/// Publish a call: it gets a public page and appears in the municipality's list.
#[utoipa::path(post, path = "/calls/{id}/publish", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = CallOut), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn publish(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CallOut>, ApiError> {
    let c = visible_call(&state, &id, Some(&user)).await?;
    if !is_officer(&user, &c.call.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    store::grants::publish_call(&state.db, &id, &user.id, state.now()).await?;
    let c = store::grants::call_view(state.db.read(), &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(call_out(&c, state.now())))
}

#[derive(Deserialize, IntoParams)]
pub struct CallsQuery {
    /// The municipality's slug.
    pub municipality: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
}

/// Parses `limit`/`offset` (422 when not a non-negative number).
pub fn paging(limit: Option<&str>, offset: Option<&str>) -> Result<(usize, usize), ApiError> {
    let mut errors = Vec::new();
    let mut num = |field: &str, v: Option<&str>, default: usize| match v {
        None => default,
        Some(s) => s.parse::<usize>().unwrap_or_else(|_| {
            errors.push(domain::FieldError::with_messages(
                field,
                "Podaj nieujemną liczbę całkowitą.",
                "Give a non-negative whole number.",
            ));
            default
        }),
    };
    let limit = num("limit", limit, 100).min(1000);
    let offset = num("offset", offset, 0);
    if errors.is_empty() {
        Ok((limit, offset))
    } else {
        Err(ApiError::Invalid(errors))
    }
}

/// Published calls (of one municipality with `?municipality=SLUG`).
#[utoipa::path(get, path = "/calls", tag = "microgrants", params(CallsQuery),
    responses((status = 200, body = Vec<CallOut>), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<CallsQuery>,
) -> Result<Json<Vec<CallOut>>, ApiError> {
    let (limit, offset) = paging(q.limit.as_deref(), q.offset.as_deref())?;
    let calls = match q.municipality.as_deref() {
        Some(slug) => {
            let Some(m) = store::municipalities::by_slug(&state.db, slug).await? else {
                return Err(ApiError::Invalid(vec![domain::FieldError::with_messages(
                    "municipality",
                    "Nieznana gmina.",
                    "Unknown municipality.",
                )]));
            };
            store::grants::calls_of(&state.db, &m.id, true).await?
        }
        None => store::grants::published_calls(&state.db).await?,
    };
    let mut out = Vec::new();
    for c in calls.into_iter().skip(offset).take(limit) {
        if let Some(v) = store::grants::call_view(state.db.read(), &c.id).await? {
            out.push(call_out(&v, state.now()));
        }
    }
    Ok(Json(out))
}

/// A call with its criteria, window, limits and phase.
#[utoipa::path(get, path = "/calls/{id}", tag = "microgrants", params(("id" = String, Path)),
    responses((status = 200, body = CallOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<CallOut>, ApiError> {
    let c = visible_call(&state, &id, user.as_ref()).await?;
    Ok(Json(call_out(&c, state.now())))
}
