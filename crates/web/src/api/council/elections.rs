//! Elections of NGO members: nominations, one ballot per NGO, results with ties, seating.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use utoipa::ToSchema;

use super::out::{CouncilOut, ElectionOut};
use super::register::council_out;
use super::{
    ElectionForm, advance_election, cast_ballot, create_election, load_council, load_election,
    nominate, seat_candidate,
};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiJson, Problem};

#[derive(Deserialize, ToSchema)]
pub struct ElectionIn {
    pub title: Option<String>,
    /// NGO seats the election fills.
    pub seats: Option<i32>,
    /// N: candidates one NGO may nominate (default 1).
    pub candidates_per_ngo: Option<i32>,
    /// K: candidates one ballot may mark (default 3).
    pub votes_per_ballot: Option<i32>,
    /// Last day of nominations, `YYYY-MM-DD`.
    pub nominations_until: Option<String>,
    /// Last day of voting, `YYYY-MM-DD`.
    pub voting_until: Option<String>,
}

/// Creates an election of NGO members (phase `nominations`).
#[utoipa::path(post, path = "/councils/{id}/elections", tag = "councils", request_body = ElectionIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 201, body = ElectionOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ElectionIn>,
) -> Result<(StatusCode, Json<ElectionOut>), ApiError> {
    let c = load_council(&state, &id).await?;
    let n = |v: Option<i32>| v.map(|x| x.to_string()).unwrap_or_default();
    let eid = create_election(
        &state,
        &user,
        &c,
        &ElectionForm {
            title: input.title.unwrap_or_default(),
            seats: n(input.seats),
            candidates_per_ngo: n(input.candidates_per_ngo),
            votes_per_ballot: n(input.votes_per_ballot),
            nominations_until: input.nominations_until.unwrap_or_default(),
            voting_until: input.voting_until.unwrap_or_default(),
        },
    )
    .await?;
    let e = load_election(&state, &eid).await?;
    Ok((StatusCode::CREATED, Json(ElectionOut::new(&e))))
}

/// An election with its candidates; once closed, the results with counts, ranks and ties.
#[utoipa::path(get, path = "/councils/elections/{id}", tag = "councils", params(("id" = String, Path)),
    responses((status = 200, body = ElectionOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ElectionOut>, ApiError> {
    Ok(Json(ElectionOut::new(&load_election(&state, &id).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct CandidateIn {
    /// The nominating NGO; the caller must represent it.
    pub organisation_id: Option<String>,
    /// The candidate's name (shown publicly).
    pub name: Option<String>,
}

/// An NGO nominates a candidate (at most N per NGO; 409 beyond that or after nominations).
#[utoipa::path(post, path = "/councils/elections/{id}/candidates", tag = "councils", request_body = CandidateIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 201, body = ElectionOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn candidate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CandidateIn>,
) -> Result<(StatusCode, Json<ElectionOut>), ApiError> {
    let e = load_election(&state, &id).await?;
    nominate(
        &state,
        &user,
        &e,
        input.organisation_id.as_deref().unwrap_or(""),
        input.name.as_deref().unwrap_or(""),
    )
    .await?;
    let e = load_election(&state, &id).await?;
    Ok((StatusCode::CREATED, Json(ElectionOut::new(&e))))
}

/// Ends nominations and opens voting.
#[utoipa::path(post, path = "/councils/elections/{id}/voting", tag = "councils",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ElectionOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn open_voting(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ElectionOut>, ApiError> {
    let e = load_election(&state, &id).await?;
    advance_election(&state, &user, &e, "voting").await?;
    Ok(Json(ElectionOut::new(&load_election(&state, &id).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct BallotIn {
    /// The voting NGO; the caller must represent it.
    pub organisation_id: Option<String>,
    /// 1 to K distinct candidates.
    pub candidate_ids: Option<Vec<String>>,
}

/// The NGO's one ballot, cast by one of its representatives. A second ballot of the same NGO is
/// 409, also when several representatives vote at the same moment.
#[utoipa::path(post, path = "/councils/elections/{id}/ballots", tag = "councils", request_body = BallotIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 201, body = ElectionOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "The NGO has already voted, or voting is not open", body = Problem),
        (status = 422, body = Problem)))]
pub async fn ballot(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<BallotIn>,
) -> Result<(StatusCode, Json<ElectionOut>), ApiError> {
    let e = load_election(&state, &id).await?;
    cast_ballot(
        &state,
        &user,
        &e,
        input.organisation_id.as_deref().unwrap_or(""),
        &input.candidate_ids.unwrap_or_default(),
    )
    .await?;
    let e = load_election(&state, &id).await?;
    Ok((StatusCode::CREATED, Json(ElectionOut::new(&e))))
}

/// Closes voting and publishes the results (ties shown, not broken).
#[utoipa::path(post, path = "/councils/elections/{id}/close", tag = "councils",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ElectionOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn close(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ElectionOut>, ApiError> {
    let e = load_election(&state, &id).await?;
    advance_election(&state, &user, &e, "close").await?;
    Ok(Json(ElectionOut::new(&load_election(&state, &id).await?)))
}

/// Makes an elected (or tied, chosen by the officer) candidate an NGO member of the council.
#[utoipa::path(post, path = "/councils/elections/{id}/candidates/{candidate_id}/seat", tag = "councils",
    security(("bearer" = [])), params(("id" = String, Path), ("candidate_id" = String, Path)),
    responses((status = 201, body = CouncilOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn seat(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path((id, candidate_id)): Path<(String, String)>,
) -> Result<(StatusCode, Json<CouncilOut>), ApiError> {
    let e = load_election(&state, &id).await?;
    seat_candidate(&state, &user, &e, &candidate_id).await?;
    let c = load_council(&state, &e.election.council_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(council_out(&state, &c, &headers).await?),
    ))
}
