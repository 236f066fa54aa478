//! Meetings (with iCalendar files), opinion requests, resolutions and votes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::council::ical::{Event, calendar};
use domain::time::from_micros;
use serde::Deserialize;
use store::council::CouncilView;
use store::council::work::Meeting;
use utoipa::ToSchema;

use super::out::{MeetingOut, OpinionOut, ResolutionOut};
use super::{
    MeetingForm, ResolutionForm, TimeInput, close_resolution, create_meeting, load_council,
    load_meeting, load_resolution, open_resolution, publish_minutes, request_opinion,
    set_attendance, today, vote,
};
use crate::AppState;
use crate::api::purchases::export::attachment;
use crate::api::request_lang;
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, ApiJson, Problem};

/// The MIME type of iCalendar files.
pub const ICS: &str = "text/calendar; charset=utf-8";

/// The calendar event of a meeting.
pub fn event(m: &Meeting) -> Event {
    Event {
        uid: format!("council-meeting-{}@wspolnie", m.id),
        start: from_micros(m.starts_at),
        end: from_micros(m.ends_at),
        summary: m.title.clone(),
        description: m.agenda.clone(),
        location: m.location.clone(),
        url: Some(format!("/rada/posiedzenia/{}", m.id)),
    }
}

/// The iCalendar file of a council's meetings.
pub async fn council_ics(state: &AppState, c: &CouncilView) -> Result<String, ApiError> {
    let meetings = store::council::work::meetings_of(&state.db, &c.council.id).await?;
    let events: Vec<Event> = meetings.iter().map(event).collect();
    Ok(calendar(&c.council.name, &events, state.now()))
}

#[derive(Deserialize, ToSchema)]
pub struct MeetingIn {
    pub title: Option<String>,
    /// RFC 3339, e.g. `2027-03-10T17:00:00+01:00`.
    pub starts_at: Option<String>,
    /// RFC 3339; default two hours after the start.
    pub ends_at: Option<String>,
    pub location: Option<String>,
    pub agenda: Option<String>,
    /// Titles and links, one per line.
    pub documents: Option<String>,
}

/// Schedules a meeting (officers, the secretary).
#[utoipa::path(post, path = "/councils/{id}/meetings", tag = "councils", request_body = MeetingIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 201, body = MeetingOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MeetingIn>,
) -> Result<(StatusCode, Json<MeetingOut>), ApiError> {
    let c = load_council(&state, &id).await?;
    let s = |v: Option<String>| v.unwrap_or_default();
    let mid = create_meeting(
        &state,
        &user,
        &c,
        &MeetingForm {
            title: s(input.title),
            starts_at: s(input.starts_at),
            ends_at: s(input.ends_at),
            location: s(input.location),
            agenda: s(input.agenda),
            documents: s(input.documents),
        },
        TimeInput::Api,
    )
    .await?;
    let m = load_meeting(&state, &mid).await?;
    Ok((StatusCode::CREATED, Json(MeetingOut::new(&m))))
}

/// A meeting: agenda, documents, attendance, minutes, next meeting.
#[utoipa::path(get, path = "/councils/meetings/{id}", tag = "councils", params(("id" = String, Path)),
    responses((status = 200, body = MeetingOut), (status = 404, body = Problem)))]
pub async fn get_meeting(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<MeetingOut>, ApiError> {
    Ok(Json(MeetingOut::new(&load_meeting(&state, &id).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct AttendanceIn {
    /// Ids of the members present; every other current member is recorded as absent.
    pub present: Option<Vec<String>>,
}

/// Records attendance (officers, the secretary).
#[utoipa::path(put, path = "/councils/meetings/{id}/attendance", tag = "councils", request_body = AttendanceIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = MeetingOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn attendance(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AttendanceIn>,
) -> Result<Json<MeetingOut>, ApiError> {
    let m = load_meeting(&state, &id).await?;
    let c = load_council(&state, &m.meeting.council_id).await?;
    set_attendance(&state, &user, &c, &m, &input.present.unwrap_or_default()).await?;
    Ok(Json(MeetingOut::new(&load_meeting(&state, &id).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct MinutesIn {
    pub minutes: Option<String>,
    /// RFC 3339.
    pub next_meeting_at: Option<String>,
}

/// Publishes (or corrects) the minutes and the next meeting's date (officers, the secretary).
#[utoipa::path(post, path = "/councils/meetings/{id}/minutes", tag = "councils", request_body = MinutesIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = MeetingOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn minutes(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MinutesIn>,
) -> Result<Json<MeetingOut>, ApiError> {
    let m = load_meeting(&state, &id).await?;
    let c = load_council(&state, &m.meeting.council_id).await?;
    publish_minutes(
        &state,
        &user,
        &c,
        &m,
        input.minutes.as_deref().unwrap_or(""),
        input.next_meeting_at.as_deref().unwrap_or(""),
        TimeInput::Api,
    )
    .await?;
    Ok(Json(MeetingOut::new(&load_meeting(&state, &id).await?)))
}

/// One meeting as an iCalendar file (Europe/Warsaw times).
#[utoipa::path(get, path = "/councils/meetings/{id}/calendar.ics", tag = "councils", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = Problem)))]
pub async fn meeting_ics(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let m = load_meeting(&state, &id).await?;
    let body = calendar(&m.council_name, &[event(&m.meeting)], state.now());
    Ok(attachment(
        body.into_bytes(),
        ICS,
        &format!("posiedzenie-{}.ics", m.meeting.id),
    ))
}

/// Every meeting of a council as an iCalendar file.
#[utoipa::path(get, path = "/councils/{id}/calendar.ics", tag = "councils", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = Problem)))]
pub async fn council_calendar(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let c = load_council(&state, &id).await?;
    let body = council_ics(&state, &c).await?;
    Ok(attachment(body.into_bytes(), ICS, "rada-posiedzenia.ics"))
}

#[derive(Deserialize, ToSchema)]
pub struct OpinionIn {
    pub title: Option<String>,
    /// The document (text or links).
    pub document: Option<String>,
}

/// The municipality sends a document for the council's opinion, delivered now; 14 days to give
/// it, after which the request shows "waived".
#[utoipa::path(post, path = "/councils/{id}/opinions", tag = "councils", request_body = OpinionIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 201, body = OpinionOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create_opinion(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OpinionIn>,
) -> Result<(StatusCode, Json<OpinionOut>), ApiError> {
    let c = load_council(&state, &id).await?;
    let oid = request_opinion(
        &state,
        &user,
        &c,
        input.title.as_deref().unwrap_or(""),
        input.document.as_deref().unwrap_or(""),
    )
    .await?;
    let o = store::council::work::get_opinion(&state.db, &oid, today(&state))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(OpinionOut::new(&o, request_lang(&headers))),
    ))
}

/// An opinion request with its state today: `pending`, `given` or `waived`.
#[utoipa::path(get, path = "/councils/opinions/{id}", tag = "councils", params(("id" = String, Path)),
    responses((status = 200, body = OpinionOut), (status = 404, body = Problem)))]
pub async fn get_opinion(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<OpinionOut>, ApiError> {
    if !store::ids::looks_like_id(&id) {
        return Err(ApiError::NotFound);
    }
    let o = store::council::work::get_opinion(&state.db, &id, today(&state))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(OpinionOut::new(&o, request_lang(&headers))))
}

#[derive(Deserialize, ToSchema)]
pub struct ResolutionIn {
    pub title: Option<String>,
    pub text: Option<String>,
    pub meeting_id: Option<String>,
    /// The opinion request this resolution answers (adopted in time = the opinion is given).
    pub opinion_request_id: Option<String>,
    /// Default: the council's rule.
    pub quorum: Option<String>,
    /// Default: the council's rule.
    pub majority: Option<String>,
}

/// Puts a resolution to the vote (officers, the secretary). 409 before the council is
/// constituted.
#[utoipa::path(post, path = "/councils/{id}/resolutions", tag = "councils", request_body = ResolutionIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 201, body = ResolutionOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_resolution(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ResolutionIn>,
) -> Result<(StatusCode, Json<ResolutionOut>), ApiError> {
    let c = load_council(&state, &id).await?;
    let s = |v: Option<String>| v.unwrap_or_default();
    let rid = open_resolution(
        &state,
        &user,
        &c,
        &ResolutionForm {
            title: s(input.title),
            text: s(input.text),
            meeting_id: s(input.meeting_id),
            opinion_request_id: s(input.opinion_request_id),
            quorum: s(input.quorum),
            majority: s(input.majority),
        },
    )
    .await?;
    let r = load_resolution(&state, &rid).await?;
    Ok((
        StatusCode::CREATED,
        Json(ResolutionOut::new(
            &r,
            &c,
            Some(&user),
            request_lang(&headers),
        )),
    ))
}

/// A resolution: text, rules, and once closed the result and every member's vote.
#[utoipa::path(get, path = "/councils/resolutions/{id}", tag = "councils", params(("id" = String, Path)),
    responses((status = 200, body = ResolutionOut), (status = 404, body = Problem)))]
pub async fn get_resolution(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ResolutionOut>, ApiError> {
    let r = load_resolution(&state, &id).await?;
    let c = load_council(&state, &r.resolution.council_id).await?;
    Ok(Json(ResolutionOut::new(
        &r,
        &c,
        user.as_ref(),
        request_lang(&headers),
    )))
}

#[derive(Deserialize, ToSchema)]
pub struct VoteIn {
    /// `for`, `against` or `abstain`.
    pub choice: Option<String>,
    /// Another member's vote recorded at a meeting (officers, the secretary); omit to vote as
    /// yourself.
    pub member_id: Option<String>,
}

/// A member votes from their own account, or the secretary/officer records a member's vote.
/// Voting again changes the vote while the vote is open.
#[utoipa::path(post, path = "/councils/resolutions/{id}/votes", tag = "councils", request_body = VoteIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ResolutionOut), (status = 401, body = Problem),
        (status = 403, description = "Not a member of the council, or recording for another member without the right", body = Problem),
        (status = 404, body = Problem), (status = 409, description = "The vote is closed", body = Problem),
        (status = 422, body = Problem)))]
pub async fn cast(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<VoteIn>,
) -> Result<Json<ResolutionOut>, ApiError> {
    let r = load_resolution(&state, &id).await?;
    let c = load_council(&state, &r.resolution.council_id).await?;
    vote(
        &state,
        &user,
        &c,
        &r,
        input.choice.as_deref().unwrap_or(""),
        input.member_id.as_deref(),
    )
    .await?;
    let r = load_resolution(&state, &id).await?;
    Ok(Json(ResolutionOut::new(
        &r,
        &c,
        Some(&user),
        request_lang(&headers),
    )))
}

/// Closes the vote and publishes the result: adopted, rejected or quorum not reached.
#[utoipa::path(post, path = "/councils/resolutions/{id}/close", tag = "councils",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ResolutionOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn close(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ResolutionOut>, ApiError> {
    let r = load_resolution(&state, &id).await?;
    let c = load_council(&state, &r.resolution.council_id).await?;
    close_resolution(&state, &user, &c, &r).await?;
    let r = load_resolution(&state, &id).await?;
    Ok(Json(ResolutionOut::new(
        &r,
        &c,
        Some(&user),
        request_lang(&headers),
    )))
}
