//! `/calls/{id}/committee`, `/applications/{id}/declaration`, `/applications/{id}/scores`.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use store::accounts::User;
use utoipa::ToSchema;

use super::{is_officer, visible_call};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiJson, Problem};

#[derive(Deserialize, ToSchema)]
pub struct CommitteeIn {
    /// User ids of evaluators (or officers) of the municipality.
    pub members: Option<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct CommitteeOut {
    pub members: Vec<MemberOut>,
}

/// Appoint the committee of a call (replaces it).
#[utoipa::path(put, path = "/calls/{id}/committee", tag = "microgrants", request_body = CommitteeIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = CommitteeOut), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn set_committee(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CommitteeIn>,
) -> Result<Json<CommitteeOut>, ApiError> {
    let c = visible_call(&state, &id, Some(&user)).await?;
    if !is_officer(&user, &c.call.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let members = input.members.ok_or_else(|| {
        ApiError::Invalid(vec![domain::FieldError::with_messages(
            "members",
            "Podaj listę członków komisji.",
            "Give the list of committee members.",
        )])
    })?;
    store::grants::set_committee(&state.db, &id, &members, &user.id, state.now()).await?;
    let members = store::grants::committee(&state.db, &id).await?;
    Ok(Json(CommitteeOut {
        members: members
            .into_iter()
            .map(|(id, name)| MemberOut { id, name })
            .collect(),
    }))
}

/// The application's call if the user sits on its committee, else `403` (`404` if unknown).
async fn committee_application(
    state: &AppState,
    id: &str,
    user: &User,
) -> Result<store::grants::ApplicationView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    let v = store::grants::application_view(state.db.read(), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !v.is_submitted() {
        return Err(ApiError::NotFound);
    }
    if !store::grants::is_committee_member(&state.db, &v.call.call.id, &user.id).await? {
        return Err(ApiError::Forbidden);
    }
    Ok(v)
}

#[derive(Deserialize, ToSchema)]
pub struct DeclarationIn {
    /// `true`: I have a conflict of interest (I will not see or score this application).
    pub conflict: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct DeclarationOut {
    pub application_id: String,
    pub conflict: bool,
}

/// Records a declaration (shared with the page).
pub async fn do_declare(
    state: &AppState,
    user: &User,
    id: &str,
    conflict: Option<bool>,
) -> Result<bool, ApiError> {
    committee_application(state, id, user).await?;
    let conflict = conflict.ok_or_else(|| {
        ApiError::Invalid(vec![domain::FieldError::with_messages(
            "conflict",
            "Zaznacz, czy zachodzi konflikt interesów.",
            "State whether there is a conflict of interest.",
        )])
    })?;
    store::grants::declare(&state.db, id, &user.id, conflict, state.now()).await?;
    Ok(conflict)
}

/// Declare a conflict of interest (or its absence) before seeing an application.
#[utoipa::path(post, path = "/applications/{id}/declaration", tag = "microgrants", request_body = DeclarationIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = DeclarationOut), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn declare(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DeclarationIn>,
) -> Result<Json<DeclarationOut>, ApiError> {
    let conflict = do_declare(&state, &user, &id, input.conflict).await?;
    Ok(Json(DeclarationOut {
        application_id: id,
        conflict,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct ScoreIn {
    pub criterion_id: Option<String>,
    pub points: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct ScoresIn {
    pub scores: Option<Vec<ScoreIn>>,
    pub comment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ScoreSheetOut {
    pub application_id: String,
    pub total: i32,
    pub scores: BTreeMap<String, i64>,
    pub comment: String,
}

/// Saves a score sheet (shared with the page): `403` without a no-conflict declaration.
pub async fn do_score(
    state: &AppState,
    user: &User,
    id: &str,
    scores: BTreeMap<String, i64>,
    comment: &str,
) -> Result<store::grants::ScoreSheet, ApiError> {
    committee_application(state, id, user).await?;
    if store::grants::declaration_of(&state.db, id, &user.id).await? != Some(false) {
        return Err(ApiError::Forbidden);
    }
    Ok(store::grants::save_scores(&state.db, id, &user.id, &scores, comment, state.now()).await?)
}

/// Score an application (committee member without conflict).
#[utoipa::path(put, path = "/applications/{id}/scores", tag = "microgrants", request_body = ScoresIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = ScoreSheetOut), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn score(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ScoresIn>,
) -> Result<Json<ScoreSheetOut>, ApiError> {
    let mut map = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, s) in input.scores.unwrap_or_default().into_iter().enumerate() {
        match (s.criterion_id, s.points) {
            (Some(c), Some(p)) => {
                map.insert(c, p);
            }
            _ => errors.push(domain::FieldError::with_messages(
                format!("scores[{i}]"),
                "Każda ocena ma identyfikator kryterium i liczbę punktów.",
                "Each score has a criterion id and points.",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let sheet = do_score(
        &state,
        &user,
        &id,
        map,
        input.comment.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(ScoreSheetOut {
        application_id: id,
        total: sheet.total,
        scores: serde_json::from_str(&sheet.points).unwrap_or_default(),
        comment: sheet.comment,
    }))
}
