//! `/meetings`: the platform's thematic meetings (e.g. „Jak nie dotacje, to co?”). The metropolis
//! and admins record them, publish them with materials (links and attachments) and link the
//! practices presented; anyone reads published ones.

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::FieldError;
use domain::practices::meetings::{MeetingDraft, validate_meeting};
use serde::{Deserialize, Serialize};
use store::accounts::User;
use store::practices::attachments::Owner;
use store::practices::meetings::Meeting;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::practice_extras::{
    AttachmentOut, add_attachment, attachment_out, attachments_out, download, read_upload,
};
use crate::api::practices::{LinkIn, LinkOut, can_review};
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, ApiJson, Problem};

/// Whether `user` sees this meeting: published ones anyone, drafts the metropolis and admins.
pub fn can_see_meeting(user: Option<&User>, m: &Meeting) -> bool {
    m.is_published() || user.is_some_and(can_review)
}

/// The meeting if the caller may see it; 404 otherwise.
pub async fn visible_meeting(
    state: &AppState,
    user: Option<&User>,
    id: &str,
) -> Result<Meeting, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    let m = store::practices::meetings::get(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !can_see_meeting(user, &m) {
        return Err(ApiError::NotFound);
    }
    Ok(m)
}

/// A meeting the caller may change (the metropolis, admins): 404 if invisible, 403 if visible
/// but not theirs to change.
async fn writable_meeting(state: &AppState, user: &User, id: &str) -> Result<Meeting, ApiError> {
    let m = visible_meeting(state, Some(user), id).await?;
    if !can_review(user) {
        return Err(ApiError::Forbidden);
    }
    Ok(m)
}

fn rfc(us: i64) -> String {
    domain::time::to_rfc3339_warsaw(domain::time::from_micros(us))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct MeetingIn {
    pub title: Option<String>,
    /// RFC 3339 with offset, e.g. `2027-03-04T10:00:00+01:00`.
    pub starts_at: Option<String>,
    /// Where it takes place (may be empty for an online meeting).
    pub place: Option<String>,
    /// Address of the online meeting.
    pub online_url: Option<String>,
    pub description: Option<String>,
    /// Materials as links (`{url, label}` or plain addresses).
    pub links: Option<Vec<LinkIn>>,
    /// On creation: `true` publishes at once (default: a draft).
    pub publish: Option<bool>,
}

impl MeetingIn {
    pub fn to_draft(&self) -> MeetingDraft {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        MeetingDraft {
            title: s(&self.title),
            starts_at: s(&self.starts_at),
            place: s(&self.place),
            online_url: s(&self.online_url),
            description: s(&self.description),
            links: self.links.iter().flatten().map(LinkIn::to_link).collect(),
        }
    }
}

/// A practice presented at a meeting.
#[derive(Serialize, ToSchema, Clone)]
pub struct PresentedPractice {
    pub id: String,
    pub title: String,
    /// The municipality's slug.
    pub municipality: String,
    pub municipality_name: String,
}

/// A meeting in lists and on a practice.
#[derive(Serialize, ToSchema, Clone)]
pub struct MeetingRef {
    pub id: String,
    pub title: String,
    pub starts_at: String,
    /// `draft` or `published`.
    pub status: String,
}

impl MeetingRef {
    pub fn from_model(m: &Meeting) -> Self {
        MeetingRef {
            id: m.id.clone(),
            title: m.title.clone(),
            starts_at: rfc(m.starts_at),
            status: m.status.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeetingOut {
    pub id: String,
    /// `draft` or `published`.
    pub status: String,
    pub title: String,
    pub starts_at: String,
    pub place: String,
    pub online_url: Option<String>,
    pub description: String,
    pub links: Vec<LinkOut>,
    pub attachments: Vec<AttachmentOut>,
    /// Published practices presented, in order.
    pub practices: Vec<PresentedPractice>,
    pub prepared_by: String,
    pub published_by: Option<String>,
    pub created_at: String,
    pub published_at: Option<String>,
    pub updated_at: String,
}

/// The presented practices of a meeting (published ones).
pub async fn presented(state: &AppState, id: &str) -> Result<Vec<PresentedPractice>, ApiError> {
    let ids = store::practices::meetings::practices_of(&state.db, id).await?;
    let mut out = Vec::new();
    for pid in ids {
        if let Some(v) = store::practices::get(&state.db, &pid).await? {
            out.push(PresentedPractice {
                id: v.practice.id,
                title: v.practice.title,
                municipality: v.municipality.slug,
                municipality_name: v.municipality.name,
            });
        }
    }
    Ok(out)
}

pub async fn meeting_out(state: &AppState, m: &Meeting) -> Result<MeetingOut, ApiError> {
    let mut people = vec![m.created_by.as_str()];
    if let Some(p) = &m.published_by {
        people.push(p);
    }
    let names = store::practices::meetings::names(&state.db, &people).await?;
    Ok(MeetingOut {
        id: m.id.clone(),
        status: m.status.clone(),
        title: m.title.clone(),
        starts_at: rfc(m.starts_at),
        place: m.place.clone(),
        online_url: m.online_url.clone(),
        description: m.description.clone(),
        links: m.link_list().into_iter().map(LinkOut::from).collect(),
        attachments: attachments_out(
            state,
            Owner::Meeting(&m.id),
            &format!("/api/v1/meetings/{}/attachments", m.id),
        )
        .await?,
        practices: presented(state, &m.id).await?,
        prepared_by: names.get(&m.created_by).cloned().unwrap_or_default(),
        published_by: m.published_by.as_ref().and_then(|p| names.get(p).cloned()),
        created_at: rfc(m.created_at),
        published_at: m.published_at.map(rfc),
        updated_at: rfc(m.updated_at),
    })
}

/// Record a thematic meeting (the metropolis, admins); a draft unless `publish: true`.
#[utoipa::path(post, path = "/meetings", tag = "practices", request_body = MeetingIn,
    security(("bearer" = [])),
    responses((status = 201, body = MeetingOut), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<MeetingIn>,
) -> Result<(StatusCode, Json<MeetingOut>), ApiError> {
    if !can_review(&user) {
        return Err(ApiError::Forbidden);
    }
    let v = validate_meeting(&input.to_draft()).map_err(ApiError::Invalid)?;
    let m = store::practices::meetings::create(
        &state.db,
        &v,
        input.publish.unwrap_or(false),
        &user.id,
        state.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(meeting_out(&state, &m).await?)))
}

#[derive(Deserialize, IntoParams, Default)]
pub struct ListQuery {
    /// 1–100, default 20.
    pub limit: Option<String>,
    pub offset: Option<String>,
}

/// Parses `limit` (1–100, default 20) and `offset`.
pub fn parse_paging(q: &ListQuery) -> Result<(u64, u64), Vec<FieldError>> {
    let mut errors = Vec::new();
    let limit = match q.limit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => 20,
        Some(s) => match s.parse::<u64>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                errors.push(FieldError::with_messages(
                    "limit",
                    "Podaj liczbę od 1 do 100.",
                    "Give a number from 1 to 100.",
                ));
                20
            }
        },
    };
    let offset = match q.offset.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => 0,
        Some(s) => match s.parse::<u64>() {
            Ok(n) if n <= 1_000_000 => n,
            _ => {
                errors.push(FieldError::with_messages(
                    "offset",
                    "Podaj nieujemną liczbę całkowitą.",
                    "Give a non-negative whole number.",
                ));
                0
            }
        },
    };
    if errors.is_empty() {
        Ok((limit, offset))
    } else {
        Err(errors)
    }
}

/// Meetings, latest first: published ones for everyone, drafts too for the metropolis and admins.
#[utoipa::path(get, path = "/meetings", tag = "practices", params(ListQuery),
    responses((status = 200, body = Vec<MeetingRef>), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<MeetingRef>>, ApiError> {
    let (limit, offset) = parse_paging(&q).map_err(ApiError::Invalid)?;
    let all = store::practices::meetings::list(
        &state.db,
        user.as_ref().is_some_and(can_review),
        limit,
        offset,
    )
    .await?;
    Ok(Json(all.iter().map(MeetingRef::from_model).collect()))
}

/// A meeting with its materials and the practices presented (drafts: metropolis and admins only).
#[utoipa::path(get, path = "/meetings/{id}", tag = "practices", params(("id" = String, Path)),
    responses((status = 200, body = MeetingOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<MeetingOut>, ApiError> {
    let m = visible_meeting(&state, user.as_ref(), &id).await?;
    Ok(Json(meeting_out(&state, &m).await?))
}

/// Change a meeting (the metropolis, admins); every field is sent again.
#[utoipa::path(patch, path = "/meetings/{id}", tag = "practices", request_body = MeetingIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = MeetingOut), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MeetingIn>,
) -> Result<Json<MeetingOut>, ApiError> {
    writable_meeting(&state, &user, &id).await?;
    let v = validate_meeting(&input.to_draft()).map_err(ApiError::Invalid)?;
    let m = store::practices::meetings::update(&state.db, &id, &v, &user.id, state.now()).await?;
    Ok(Json(meeting_out(&state, &m).await?))
}

/// Publish a draft meeting (the metropolis, admins). `409` if already published.
#[utoipa::path(post, path = "/meetings/{id}/publish", tag = "practices",
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = MeetingOut), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<MeetingOut>, ApiError> {
    writable_meeting(&state, &user, &id).await?;
    let m = store::practices::meetings::publish(&state.db, &id, &user.id, state.now()).await?;
    Ok(Json(meeting_out(&state, &m).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct PracticesIn {
    /// Ids of published practices presented at the meeting, in order (replaces the list).
    pub practice_ids: Option<Vec<String>>,
}

/// Set the practices presented at a meeting (the metropolis, admins). Only published practices:
/// `422` names the first other one.
#[utoipa::path(put, path = "/meetings/{id}/practices", tag = "practices", request_body = PracticesIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = MeetingOut), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn set_practices(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PracticesIn>,
) -> Result<Json<MeetingOut>, ApiError> {
    writable_meeting(&state, &user, &id).await?;
    let Some(ids) = input.practice_ids else {
        return Err(ApiError::Invalid(vec![FieldError::with_messages(
            "practice_ids",
            "Podaj listę praktyk (może być pusta).",
            "Give the list of practices (it may be empty).",
        )]));
    };
    store::practices::meetings::set_practices(&state.db, &id, &ids, &user.id, state.now()).await?;
    let m = visible_meeting(&state, Some(&user), &id).await?;
    Ok(Json(meeting_out(&state, &m).await?))
}

/// Add a material to a meeting (the metropolis, admins): PDF, JPEG, PNG or WebP up to 10 MB in
/// the `multipart/form-data` field `file`; at most 10 per meeting.
#[utoipa::path(post, path = "/meetings/{id}/attachments", tag = "practices",
    params(("id" = String, Path)), security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "Field `file`: the document or image"),
    responses((status = 201, body = AttachmentOut), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn upload(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    mut mp: Multipart,
) -> Result<(StatusCode, Json<AttachmentOut>), ApiError> {
    writable_meeting(&state, &user, &id).await?;
    let (name, bytes) = read_upload(&mut mp)
        .await
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    let a = add_attachment(&state, &user, Owner::Meeting(&id), &name, bytes).await?;
    Ok((
        StatusCode::CREATED,
        Json(attachment_out(
            &a,
            &format!("/api/v1/meetings/{id}/attachments"),
        )),
    ))
}

/// Download a meeting's material (as visible as the meeting).
#[utoipa::path(get, path = "/meetings/{id}/attachments/{attachment_id}", tag = "practices",
    params(("id" = String, Path), ("attachment_id" = String, Path)),
    responses((status = 200, description = "The file"), (status = 404, body = Problem)))]
pub async fn download_attachment(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let m = visible_meeting(&state, user.as_ref(), &id).await?;
    if !store::ids::looks_like_id(&aid) {
        return Err(ApiError::NotFound);
    }
    let f = store::practices::attachments::get(&state.db, Owner::Meeting(&id), &aid)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(download(f, m.is_published()))
}
