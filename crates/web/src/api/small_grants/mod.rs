//! `/small-grants…`: small grants outside a competition (art. 19a) — the yearly pool, simplified
//! offers from NGOs, publication for comments, the decision and the agreement.
//!
//! Status codes: an amount over 10 000,00 zł or a task over 90 days is a **422** (the offer's own
//! fields are wrong); the per-organisation yearly limit, the pool, and every statutory clock
//! (publishing after the 7th working day, commenting outside the period, deciding during it) are
//! **409** (they depend on other offers or on the date, not on the fields).

pub mod agreement;
pub mod permissions;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::purchases::MoneyInput;
use domain::small_grants::{
    BudgetLineDraft, OfferDraft, OfferStatus, max_pool, task_days, validate_comment,
    validate_decision, validate_offer,
};
use domain::time::{from_micros, to_rfc3339_warsaw};
use serde::{Deserialize, Serialize};
use store::accounts::User;
use store::municipalities::Municipality;
use store::small_grants::{OfferView, PoolView};
use utoipa::ToSchema;

use super::purchases::municipality;
use super::query::{ApiQuery, parse_year};
use crate::AppState;
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, ApiJson, Problem};
use permissions::{can_manage, can_see, can_submit_for};

// ---- shared helpers (also used by the pages) ------------------------------------------------

/// An offer the user may see; `404` otherwise.
pub async fn visible_offer(
    state: &AppState,
    user: Option<&User>,
    id: &str,
) -> Result<OfferView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    let view = store::small_grants::get(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if can_see(user, &view) {
        Ok(view)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Checks and stores an offer from a representative of `organisation_id` to `m`.
pub async fn submit_offer(
    state: &AppState,
    user: &User,
    m: &Municipality,
    organisation_id: &str,
    draft: &OfferDraft,
    input: MoneyInput,
) -> Result<String, ApiError> {
    let mut errors = Vec::new();
    let org = if store::ids::looks_like_id(organisation_id) {
        store::organisations::get(&state.db, organisation_id).await?
    } else {
        None
    };
    match &org {
        None => errors.push(FieldError::with_messages(
            "organisation_id",
            "Wybierz organizację, którą reprezentujesz.",
            "Choose an organisation you represent.",
        )),
        Some(o) if !can_submit_for(user, &o.representative_ids) => return Err(ApiError::Forbidden),
        Some(_) => {}
    }
    let valid = validate_offer(draft, input)
        .map_err(|mut e| errors.append(&mut e))
        .ok();
    match valid {
        Some(v) if errors.is_empty() => Ok(store::small_grants::submit(
            &state.db,
            &m.id,
            organisation_id,
            &v,
            &user.id,
            state.now(),
        )
        .await?),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Publishes an offer for an officer.
pub async fn publish_offer(state: &AppState, user: &User, o: &OfferView) -> Result<(), ApiError> {
    if !can_manage(user, &o.offer.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    Ok(store::small_grants::publish(&state.db, &o.offer.id, &user.id, state.now()).await?)
}

/// Adds a comment by a logged-in user.
pub async fn add_comment(
    state: &AppState,
    user: &User,
    o: &OfferView,
    body: &str,
) -> Result<String, ApiError> {
    let body = validate_comment(body).map_err(|e| ApiError::Invalid(vec![e]))?;
    Ok(store::small_grants::comment(&state.db, &o.offer.id, &body, &user.id, state.now()).await?)
}

/// Records the officer's decision.
pub async fn decide_offer(
    state: &AppState,
    user: &User,
    o: &OfferView,
    result: Option<&str>,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    if !can_manage(user, &o.offer.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let d = validate_decision(result, reason).map_err(ApiError::Invalid)?;
    Ok(store::small_grants::decide(&state.db, &o.offer.id, &d, &user.id, state.now()).await?)
}

/// Sets the pool for an officer; amounts in `input` form.
pub async fn set_pool(
    state: &AppState,
    user: &User,
    m: &Municipality,
    year: i16,
    planned: &str,
    amount: &str,
    input: MoneyInput,
) -> Result<PoolView, ApiError> {
    if !can_manage(user, &m.id) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let planned = domain::purchases::read_amount("planned_ngo_grants", planned, input, &mut errors);
    let amount = domain::purchases::read_amount("amount", amount, input, &mut errors);
    match (planned, amount) {
        (Some(p), Some(a)) if errors.is_empty() => {
            Ok(
                store::small_grants::set_pool(&state.db, &m.id, year, p, a, &user.id, state.now())
                    .await?,
            )
        }
        _ => Err(ApiError::Invalid(errors)),
    }
}

// ---- what the API sends -----------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct PoolOut {
    pub municipality: String,
    pub year: i16,
    pub planned_ngo_grants: String,
    /// The pool.
    pub amount: String,
    /// 20 % of the planned NGO grants: the most the pool may be.
    pub max_amount: String,
    /// Offers granted or waiting for a decision.
    pub committed: String,
    pub granted: String,
    /// What is left for new offers.
    pub remaining: String,
}

impl PoolOut {
    pub fn new(p: &PoolView, municipality: &str) -> Self {
        PoolOut {
            municipality: municipality.to_string(),
            year: p.year,
            planned_ngo_grants: p.planned_ngo_grants.to_string(),
            amount: p.amount.to_string(),
            max_amount: max_pool(p.planned_ngo_grants).to_string(),
            committed: p.committed.to_string(),
            granted: p.granted.to_string(),
            remaining: p.amount.saturating_sub(p.committed).to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BudgetLineOut {
    pub name: String,
    pub amount: String,
}

#[derive(Serialize, ToSchema)]
pub struct CommentOut {
    pub id: String,
    /// The author's display name, shown publicly.
    pub author_name: String,
    pub body: String,
    pub created_at: String,
}

/// The statutory dates of an offer, computed with the working-day calendar.
#[derive(Serialize, ToSchema)]
pub struct ScheduleOut {
    /// The day the offer arrived (Warsaw).
    pub received_on: String,
    /// The last day it may be published: 7 working days after arrival (the day of arrival not
    /// counted).
    pub publish_by: String,
    pub published_on: Option<String>,
    /// The last day of the comment period: 7 calendar days after publication.
    pub comments_until: Option<String>,
    /// The first day the officer may decide.
    pub decision_from: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct OrganisationRef {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct OfferOut {
    pub id: String,
    pub municipality: String,
    pub organisation: OrganisationRef,
    pub title: String,
    pub description: String,
    pub start_date: String,
    pub end_date: String,
    /// Days of the task, the first and the last day both counted (at most 90).
    pub task_days: i64,
    pub amount: String,
    /// The calendar year the offer counts towards (the year its task starts).
    pub year: i32,
    pub budget_lines: Vec<BudgetLineOut>,
    pub expected_results: Vec<String>,
    /// `submitted`, `published`, `granted` or `refused`.
    pub status: String,
    pub received_at: String,
    pub schedule: ScheduleOut,
    /// Whether comments are accepted today.
    pub comments_open: bool,
    pub comments: Vec<CommentOut>,
    /// The reason of a refusal or the note of a grant.
    pub decision_reason: Option<String>,
    pub decided_at: Option<String>,
    /// The agreement (PDF), once granted (for the organisation and the officers).
    pub agreement_url: Option<String>,
}

impl OfferOut {
    pub fn from_view(v: &OfferView, today: jiff::civil::Date, user: Option<&User>) -> Self {
        let o = &v.offer;
        let s = &v.schedule;
        let d = |x: Option<jiff::civil::Date>| x.map(|d| d.to_string());
        OfferOut {
            id: o.id.clone(),
            municipality: v.municipality_slug.clone(),
            organisation: OrganisationRef {
                id: o.organisation_id.clone(),
                name: v.organisation_name.clone(),
            },
            title: o.title.clone(),
            description: o.description.clone(),
            start_date: v.start_date.to_string(),
            end_date: v.end_date.to_string(),
            task_days: task_days(v.start_date, v.end_date),
            amount: v.amount.to_string(),
            year: o.year,
            budget_lines: v
                .budget_lines
                .iter()
                .map(|l| BudgetLineOut {
                    name: l.name.clone(),
                    amount: l.amount.to_string(),
                })
                .collect(),
            expected_results: v.expected_results.clone(),
            status: v.status.as_str().to_string(),
            received_at: to_rfc3339_warsaw(from_micros(o.received_at)),
            schedule: ScheduleOut {
                received_on: s.received_on.to_string(),
                publish_by: s.publish_by.to_string(),
                published_on: d(s.published_on),
                comments_until: d(s.comments_until),
                decision_from: d(s.decision_from),
            },
            comments_open: v.status == OfferStatus::Published && s.comments_open_on(today),
            comments: v
                .comments
                .iter()
                .map(|c| CommentOut {
                    id: c.id.clone(),
                    author_name: c.author_name.clone(),
                    body: c.body.clone(),
                    created_at: to_rfc3339_warsaw(from_micros(c.created_at)),
                })
                .collect(),
            decision_reason: o.decision_reason.clone(),
            decided_at: o.decided_at.map(|us| to_rfc3339_warsaw(from_micros(us))),
            agreement_url: (v.status == OfferStatus::Granted
                && permissions::can_see_agreement(user, v))
            .then(|| format!("/api/v1/small-grants/{}/agreement.pdf", o.id)),
        }
    }
}

fn today(state: &AppState) -> jiff::civil::Date {
    store::small_grants::warsaw_date(state.now())
}

// ---- what the API reads ---------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
pub struct PoolIn {
    /// The grants the municipality plans for NGO tasks in the year, e.g. `"500000.00"`.
    pub planned_ngo_grants: Option<String>,
    /// The small-grant pool: at most 20 % of `planned_ngo_grants`.
    pub amount: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct BudgetLineIn {
    pub name: Option<String>,
    pub amount: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct OfferIn {
    /// The NGO that submits the offer; the caller must represent it.
    pub organisation_id: Option<String>,
    /// The slug of the municipality the offer is for.
    pub municipality: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub start_date: Option<String>,
    /// At most 90 days after the start, both days counted.
    pub end_date: Option<String>,
    /// At most `"10000.00"`.
    pub amount: Option<String>,
    /// Must add up to `amount`.
    pub budget_lines: Option<Vec<BudgetLineIn>>,
    pub expected_results: Option<Vec<String>>,
}

#[derive(Deserialize, ToSchema)]
pub struct CommentIn {
    pub body: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionIn {
    /// `granted` or `refused`.
    pub result: Option<String>,
    /// Required for `refused`.
    pub reason: Option<String>,
}

// ---- handlers ---------------------------------------------------------------------------------

async fn pool_path(
    state: &AppState,
    slug: &str,
    year: &str,
) -> Result<(Municipality, i16), ApiError> {
    let m = municipality(state, Some(slug)).await?;
    let year = parse_year("year", year).map_err(|e| ApiError::Invalid(vec![e]))?;
    Ok((m, year))
}

/// A municipality's small-grant pool for a year, with what offers take from it.
#[utoipa::path(get, path = "/small-grants/pools/{municipality}/{year}", tag = "small-grants",
    params(("municipality" = String, Path), ("year" = i16, Path)),
    responses((status = 200, body = PoolOut), (status = 404, description = "No pool set", body = Problem), (status = 422, body = Problem)))]
pub async fn get_pool(
    State(state): State<AppState>,
    Path((slug, year)): Path<(String, String)>,
) -> Result<Json<PoolOut>, ApiError> {
    let (m, year) = pool_path(&state, &slug, &year).await?;
    let pool = store::small_grants::pool(&state.db, &m.id, year)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(PoolOut::new(&pool, &m.slug)))
}

/// Sets the pool for a year: at most 20 % of the grants planned for NGO tasks (422 above), not
/// below the offers already granted or waiting (409).
#[utoipa::path(put, path = "/small-grants/pools/{municipality}/{year}", tag = "small-grants",
    request_body = PoolIn, security(("bearer" = [])),
    params(("municipality" = String, Path), ("year" = i16, Path)),
    responses((status = 200, body = PoolOut), (status = 403, body = Problem),
        (status = 409, description = "Below the offers already granted or waiting", body = Problem),
        (status = 422, description = "Above 20 % of the planned NGO grants, or bad amounts", body = Problem)))]
pub async fn put_pool(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, year)): Path<(String, String)>,
    ApiJson(input): ApiJson<PoolIn>,
) -> Result<Json<PoolOut>, ApiError> {
    let (m, year) = pool_path(&state, &slug, &year).await?;
    let pool = set_pool(
        &state,
        &user,
        &m,
        year,
        input.planned_ngo_grants.as_deref().unwrap_or(""),
        input.amount.as_deref().unwrap_or(""),
        MoneyInput::Api,
    )
    .await?;
    Ok(Json(PoolOut::new(&pool, &m.slug)))
}

/// Submit a simplified offer (art. 19a). 422 for an amount over 10 000,00 zł or a task over
/// 90 days; 409 when the organisation would exceed 20 000,00 zł from the municipality in the
/// year, or the offer does not fit in the pool.
#[utoipa::path(post, path = "/small-grants", tag = "small-grants", request_body = OfferIn,
    security(("bearer" = [])),
    responses((status = 201, body = OfferOut), (status = 403, description = "Not a representative of the organisation", body = Problem),
        (status = 409, description = "Over the organisation's yearly limit or the pool, or no pool set", body = Problem),
        (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<OfferIn>,
) -> Result<(StatusCode, Json<OfferOut>), ApiError> {
    let m = municipality(&state, input.municipality.as_deref()).await?;
    let s = |v: Option<String>| v.unwrap_or_default();
    let draft = OfferDraft {
        title: s(input.title),
        description: s(input.description),
        start_date: s(input.start_date),
        end_date: s(input.end_date),
        amount: s(input.amount),
        budget_lines: input
            .budget_lines
            .unwrap_or_default()
            .into_iter()
            .map(|l| BudgetLineDraft {
                name: s(l.name),
                amount: s(l.amount),
            })
            .collect(),
        expected_results: input.expected_results.unwrap_or_default(),
    };
    let id = submit_offer(
        &state,
        &user,
        &m,
        input.organisation_id.as_deref().unwrap_or(""),
        &draft,
        MoneyInput::Api,
    )
    .await?;
    let view = visible_offer(&state, Some(&user), &id).await?;
    Ok((
        StatusCode::CREATED,
        Json(OfferOut::from_view(&view, today(&state), Some(&user))),
    ))
}

/// The offers of a municipality the caller may see: published ones for everyone; officers see
/// all, representatives also their own.
#[utoipa::path(get, path = "/small-grants", tag = "small-grants",
    params(("municipality" = String, Query), ("limit" = Option<u32>, Query), ("offset" = Option<u32>, Query)),
    responses((status = 200, body = Vec<OfferOut>), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    q: ApiQuery,
) -> Result<Json<Vec<OfferOut>>, ApiError> {
    let m = municipality(&state, q.get("municipality")).await?;
    let mut errors = Vec::new();
    let (limit, offset) = q.page(&mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let today = today(&state);
    let rows = store::small_grants::list(&state.db, &m.id).await?;
    Ok(Json(
        rows.iter()
            .filter(|v| can_see(user.as_ref(), v))
            .skip(offset)
            .take(limit)
            .map(|v| OfferOut::from_view(v, today, user.as_ref()))
            .collect(),
    ))
}

/// An offer with its schedule, budget and comments (404 before publication, except for its
/// organisation and the officers).
#[utoipa::path(get, path = "/small-grants/{id}", tag = "small-grants",
    params(("id" = String, Path)),
    responses((status = 200, body = OfferOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<OfferOut>, ApiError> {
    let view = visible_offer(&state, user.as_ref(), &id).await?;
    Ok(Json(OfferOut::from_view(
        &view,
        today(&state),
        user.as_ref(),
    )))
}

/// The officer finds the task worthwhile and publishes the offer today for 7 days of comments.
/// 409 after the 7th working day from arrival, or unless submitted.
#[utoipa::path(post, path = "/small-grants/{id}/publish", tag = "small-grants", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = OfferOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "Past the publication deadline, or not submitted", body = Problem)))]
pub async fn publish(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<OfferOut>, ApiError> {
    let view = visible_offer(&state, Some(&user), &id).await?;
    publish_offer(&state, &user, &view).await?;
    let view = visible_offer(&state, Some(&user), &id).await?;
    Ok(Json(OfferOut::from_view(&view, today(&state), Some(&user))))
}

/// Comment on a published offer during its comment period (anyone logged in); shown publicly
/// with the author's display name.
#[utoipa::path(post, path = "/small-grants/{id}/comments", tag = "small-grants", request_body = CommentIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 201, body = CommentOut), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "Not published, or the comment period is over", body = Problem), (status = 422, body = Problem)))]
pub async fn comment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CommentIn>,
) -> Result<(StatusCode, Json<CommentOut>), ApiError> {
    let view = visible_offer(&state, Some(&user), &id).await?;
    let comment_id = add_comment(&state, &user, &view, input.body.as_deref().unwrap_or("")).await?;
    let view = visible_offer(&state, Some(&user), &id).await?;
    let c = view
        .comments
        .iter()
        .find(|c| c.id == comment_id)
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(CommentOut {
            id: c.id.clone(),
            author_name: c.author_name.clone(),
            body: c.body.clone(),
            created_at: to_rfc3339_warsaw(from_micros(c.created_at)),
        }),
    ))
}

/// The officer's decision: `granted` (after the comment period) or `refused` with a reason
/// (before publication, or after the comment period).
#[utoipa::path(post, path = "/small-grants/{id}/decision", tag = "small-grants", request_body = DecisionIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = OfferOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "During the comment period, before publication (grant), or already decided", body = Problem),
        (status = 422, body = Problem)))]
pub async fn decision(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionIn>,
) -> Result<Json<OfferOut>, ApiError> {
    let view = visible_offer(&state, Some(&user), &id).await?;
    decide_offer(
        &state,
        &user,
        &view,
        input.result.as_deref(),
        input.reason.as_deref(),
    )
    .await?;
    let view = visible_offer(&state, Some(&user), &id).await?;
    Ok(Json(OfferOut::from_view(&view, today(&state), Some(&user))))
}
