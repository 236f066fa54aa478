//! `/calls/{id}/results` (compute, publish, read) and `/municipalities/{slug}/funded-initiatives`.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use store::grants::ResultsView;
use utoipa::ToSchema;

use super::{amount, is_officer, visible_call};
use crate::AppState;
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, Problem};

#[derive(Serialize, ToSchema)]
pub struct ResultEntry {
    pub rank: Option<i32>,
    pub application_id: String,
    /// For an informal group only its name.
    pub applicant_name: String,
    pub title: String,
    /// Rounded to two decimals.
    pub average_points: f64,
    pub requested_amount: String,
    pub awarded_amount: String,
    /// `funded`, `reserve`, `not_funded` or `rejected`.
    pub outcome: String,
}

#[derive(Serialize, ToSchema)]
pub struct ResultsOut {
    pub call_id: String,
    /// `computed` (preview for officers) or `published`.
    pub status: String,
    pub budget: String,
    pub awarded_total: String,
    pub entries: Vec<ResultEntry>,
}

pub fn results_out(call_id: &str, r: &ResultsView) -> ResultsOut {
    ResultsOut {
        call_id: call_id.to_string(),
        status: r.status.clone(),
        budget: amount(r.budget),
        awarded_total: amount(r.awarded_total),
        entries: r
            .entries
            .iter()
            .map(|e| ResultEntry {
                rank: e.rank,
                application_id: e.application_id.clone(),
                applicant_name: e.applicant_name.clone(),
                title: e.title.clone(),
                average_points: e.average_hundredths as f64 / 100.0,
                requested_amount: amount(e.requested_amount),
                awarded_amount: amount(e.awarded_amount),
                outcome: e.outcome.as_str().to_string(),
            })
            .collect(),
    }
}

/// Compute the ranking and allocation (preview). `409` while the call is open or score sheets are missing.
#[utoipa::path(post, path = "/calls/{id}/results", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = ResultsOut), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn compute(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ResultsOut>, ApiError> {
    let c = visible_call(&state, &id, Some(&user)).await?;
    if !is_officer(&user, &c.call.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let r = store::grants::compute_results(&state.db, &id, &user.id, state.now()).await?;
    Ok(Json(results_out(&id, &r)))
}

/// Publish the computed results; afterwards `GET /calls/{id}/results` is public.
#[utoipa::path(post, path = "/calls/{id}/results/publish", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = ResultsOut), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ResultsOut>, ApiError> {
    let c = visible_call(&state, &id, Some(&user)).await?;
    if !is_officer(&user, &c.call.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    store::grants::publish_results(&state.db, &id, &user.id, state.now()).await?;
    let r = store::grants::results(&state.db, &id).await?;
    Ok(Json(results_out(&id, &r)))
}

/// The results: public once published; officers also see the preview.
#[utoipa::path(get, path = "/calls/{id}/results", tag = "microgrants", params(("id" = String, Path)),
    responses((status = 200, body = ResultsOut), (status = 404, body = Problem)))]
pub async fn get_results(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<ResultsOut>, ApiError> {
    let c = visible_call(&state, &id, user.as_ref()).await?;
    let officer = user
        .as_ref()
        .is_some_and(|u| is_officer(u, &c.call.municipality_id));
    let visible = c.results_published() || (officer && c.call.results_status == "computed");
    if !visible {
        return Err(ApiError::NotFound);
    }
    let r = store::grants::results(&state.db, &id).await?;
    Ok(Json(results_out(&id, &r)))
}

#[derive(Serialize, ToSchema)]
pub struct FundedInitiativeOut {
    pub application_id: String,
    pub call_title: String,
    pub applicant_name: String,
    pub title: String,
    pub summary: String,
    pub amount: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// `awarded`, `in_progress`, `reported` or `settled`.
    pub status: String,
}

/// The public list of funded initiatives of a municipality with their status.
#[utoipa::path(get, path = "/municipalities/{slug}/funded-initiatives", tag = "microgrants",
    params(("slug" = String, Path)), responses((status = 200, body = Vec<FundedInitiativeOut>), (status = 404, body = Problem)))]
pub async fn funded(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<FundedInitiativeOut>>, ApiError> {
    let m = store::municipalities::by_slug(&state.db, &slug)
        .await?
        .ok_or(ApiError::NotFound)?;
    let list = store::grants::funded_initiatives(&state.db, &m.id).await?;
    Ok(Json(
        list.into_iter()
            .map(|f| FundedInitiativeOut {
                application_id: f.application_id,
                call_title: f.call_title,
                applicant_name: f.applicant_name,
                title: f.title,
                summary: f.summary,
                amount: amount(f.amount),
                start_date: f.start_date,
                end_date: f.end_date,
                status: f.status.as_str().to_string(),
            })
            .collect(),
    ))
}
