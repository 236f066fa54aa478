//! The request to create a council, councils, members and constitution.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use store::council::CouncilView;
use utoipa::ToSchema;

use super::out::{CouncilOut, Register, RequestOut};
use super::{
    CouncilForm, MemberForm, add_member, constitute, create_council, leave_member, load_council,
    sign_request, today,
};
use crate::AppState;
use crate::api::purchases::municipality;
use crate::api::query::ApiQuery;
use crate::api::request_lang;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiJson, Problem};

/// Everything a council's register lists.
pub async fn register_of(state: &AppState, c: &CouncilView) -> Result<Register, ApiError> {
    let id = &c.council.id;
    Ok(Register {
        meetings: store::council::work::meetings_of(&state.db, id).await?,
        resolutions: store::council::work::resolutions_of(&state.db, id).await?,
        opinions: store::council::work::opinions_of(&state.db, id, today(state)).await?,
        elections: store::council::elections::of_council(&state.db, id).await?,
    })
}

pub async fn council_out(
    state: &AppState,
    c: &CouncilView,
    headers: &HeaderMap,
) -> Result<CouncilOut, ApiError> {
    let reg = register_of(state, c).await?;
    Ok(CouncilOut::new(c, &reg, request_lang(headers)))
}

#[derive(Deserialize, ToSchema)]
pub struct SignIn {
    /// The NGO signing; the caller must represent it.
    pub organisation_id: Option<String>,
}

/// The joint request of the municipality's NGOs to create the council: signatures and, once 5
/// distinct NGOs have signed, the deadline (2 months) for the municipality.
#[utoipa::path(get, path = "/councils/requests/{municipality}", tag = "councils",
    params(("municipality" = String, Path)),
    responses((status = 200, body = RequestOut), (status = 404, body = Problem)))]
pub async fn get_request(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<RequestOut>, ApiError> {
    let m = municipality(&state, Some(&slug)).await?;
    let r = store::council::request(&state.db, &m.id).await?;
    Ok(Json(RequestOut::new(&r, &m.slug)))
}

/// An NGO of the municipality signs the request through its representative (one signature per
/// NGO: a second is 409).
#[utoipa::path(post, path = "/councils/requests/{municipality}/signatures", tag = "councils",
    request_body = SignIn, security(("bearer" = [])), params(("municipality" = String, Path)),
    responses((status = 201, body = RequestOut), (status = 401, body = Problem),
        (status = 403, description = "Not a representative of the organisation", body = Problem),
        (status = 409, description = "The organisation has already signed", body = Problem),
        (status = 422, description = "Not an NGO of this municipality", body = Problem)))]
pub async fn sign(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(input): ApiJson<SignIn>,
) -> Result<(StatusCode, Json<RequestOut>), ApiError> {
    let m = municipality(&state, Some(&slug)).await?;
    let r = sign_request(
        &state,
        &user,
        &m,
        input.organisation_id.as_deref().unwrap_or(""),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(RequestOut::new(&r, &m.slug))))
}

#[derive(Deserialize, ToSchema)]
pub struct CouncilIn {
    pub municipality: Option<String>,
    /// Defaults to "Rada Działalności Pożytku Publicznego — <municipality>".
    pub name: Option<String>,
    /// Default 3.
    pub term_years: Option<i32>,
    /// `YYYY-MM-DD`.
    pub term_start: Option<String>,
    /// `more_than_half` (default), `one_third` or `none`.
    pub quorum: Option<String>,
    /// `simple` (default: for > against), `absolute` or `two_thirds`.
    pub majority: Option<String>,
}

/// Creates a council for a term (status `forming`).
#[utoipa::path(post, path = "/councils", tag = "councils", request_body = CouncilIn,
    security(("bearer" = [])),
    responses((status = 201, body = CouncilOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    ApiJson(input): ApiJson<CouncilIn>,
) -> Result<(StatusCode, Json<CouncilOut>), ApiError> {
    let m = municipality(&state, input.municipality.as_deref()).await?;
    let s = |v: Option<String>| v.unwrap_or_default();
    let id = create_council(
        &state,
        &user,
        &m,
        &CouncilForm {
            name: s(input.name),
            term_years: input.term_years.map(|y| y.to_string()).unwrap_or_default(),
            term_start: s(input.term_start),
            quorum: s(input.quorum),
            majority: s(input.majority),
        },
    )
    .await?;
    let c = load_council(&state, &id).await?;
    Ok((
        StatusCode::CREATED,
        Json(council_out(&state, &c, &headers).await?),
    ))
}

/// The councils of a municipality (the current term first).
#[utoipa::path(get, path = "/councils", tag = "councils",
    params(("municipality" = String, Query)),
    responses((status = 200, body = Vec<CouncilOut>), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: ApiQuery,
) -> Result<Json<Vec<CouncilOut>>, ApiError> {
    let m = municipality(&state, q.get("municipality")).await?;
    let mut out = Vec::new();
    for c in store::council::councils_of(&state.db, &m.id).await? {
        let v = load_council(&state, &c.id).await?;
        out.push(council_out(&state, &v, &headers).await?);
    }
    Ok(Json(out))
}

/// A council: composition (with NGO seats against the half rule), term, members with history,
/// meetings, resolutions, opinions and elections, and the metadata block.
#[utoipa::path(get, path = "/councils/{id}", tag = "councils", params(("id" = String, Path)),
    responses((status = 200, body = CouncilOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<CouncilOut>, ApiError> {
    let c = load_council(&state, &id).await?;
    Ok(Json(council_out(&state, &c, &headers).await?))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct MemberIn {
    pub name: Option<String>,
    /// `ngo`, `councillor` or `official`.
    pub seat_kind: Option<String>,
    /// `chair`, `vice_chair`, `secretary` or `member` (default).
    pub function: Option<String>,
    /// The NGO an NGO member represents.
    pub organisation_id: Option<String>,
    /// The member's account (gets the Council role), by id …
    pub user_id: Option<String>,
    /// … or by e-mail.
    pub user_email: Option<String>,
    /// `YYYY-MM-DD`; default today.
    pub joined_on: Option<String>,
}

impl MemberIn {
    fn form(self) -> MemberForm {
        let s = |v: Option<String>| v.unwrap_or_default();
        MemberForm {
            name: s(self.name),
            seat_kind: s(self.seat_kind),
            function: s(self.function),
            organisation_id: s(self.organisation_id),
            user_id: s(self.user_id),
            user_email: s(self.user_email),
            joined_on: s(self.joined_on),
        }
    }
}

/// Adds a member. 409 when the function (chair, vice-chair, secretary) is taken or when a
/// constituted council would have fewer than half NGO seats.
#[utoipa::path(post, path = "/councils/{id}/members", tag = "councils", request_body = MemberIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 201, body = CouncilOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_member(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MemberIn>,
) -> Result<(StatusCode, Json<CouncilOut>), ApiError> {
    let c = load_council(&state, &id).await?;
    add_member(&state, &user, &c, &input.form()).await?;
    let c = load_council(&state, &id).await?;
    Ok((
        StatusCode::CREATED,
        Json(council_out(&state, &c, &headers).await?),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct LeaveIn {
    /// `YYYY-MM-DD`.
    pub left_on: Option<String>,
    pub reason: Option<String>,
    /// Who takes the seat (from the next day unless `joined_on` says otherwise).
    pub replacement: Option<MemberIn>,
}

/// Records that a member left (date, reason), optionally with a replacement; history is kept.
#[utoipa::path(post, path = "/councils/{id}/members/{member_id}/leave", tag = "councils",
    request_body = LeaveIn, security(("bearer" = [])),
    params(("id" = String, Path), ("member_id" = String, Path)),
    responses((status = 200, body = CouncilOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn leave(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path((id, member_id)): Path<(String, String)>,
    ApiJson(input): ApiJson<LeaveIn>,
) -> Result<Json<CouncilOut>, ApiError> {
    let c = load_council(&state, &id).await?;
    let replacement = input.replacement.map(MemberIn::form);
    leave_member(
        &state,
        &user,
        &c,
        &member_id,
        input.left_on.as_deref().unwrap_or(""),
        input.reason.as_deref().unwrap_or(""),
        replacement.as_ref(),
    )
    .await?;
    let c = load_council(&state, &id).await?;
    Ok(Json(council_out(&state, &c, &headers).await?))
}

/// Constitutes the council. 409 with the rule and the number of missing NGO seats when NGO
/// representatives are fewer than half of the members.
#[utoipa::path(post, path = "/councils/{id}/constitute", tag = "councils",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = CouncilOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "Fewer than half NGO seats, or already constituted", body = Problem)))]
pub async fn constitute_council(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<CouncilOut>, ApiError> {
    let c = load_council(&state, &id).await?;
    constitute(&state, &user, &c).await?;
    let c = load_council(&state, &id).await?;
    Ok(Json(council_out(&state, &c, &headers).await?))
}
