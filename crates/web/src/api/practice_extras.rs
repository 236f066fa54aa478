//! Good-practice extras: attachments (PDF and images, checked by their content), similar
//! practices, and the shared helpers the pages use for uploads and downloads.

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::FieldError;
use domain::practices::attachments::{check_upload, content_disposition};
use serde::{Deserialize, Serialize};
use store::accounts::User;
use store::practices::attachments::{Attachment, Owner, StoredFile};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::practices::{can_edit, visible};
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, Problem};

/// An attachment as listed.
#[derive(Serialize, ToSchema, Clone)]
pub struct AttachmentOut {
    pub id: String,
    /// Cleaned file name (ends with the extension of its real type).
    pub filename: String,
    /// `application/pdf`, `image/jpeg`, `image/png` or `image/webp` (read from the content).
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Where to download it.
    pub url: String,
    pub created_at: String,
}

fn rfc(us: i64) -> String {
    domain::time::to_rfc3339_warsaw(domain::time::from_micros(us))
}

pub fn attachment_out(a: &Attachment, base: &str) -> AttachmentOut {
    AttachmentOut {
        id: a.id.clone(),
        filename: a.filename.clone(),
        content_type: a.content_type.clone(),
        size: a.size,
        url: format!("{base}/{}", a.id),
        created_at: rfc(a.created_at),
    }
}

/// The owner's attachments with download addresses under `base`.
pub async fn attachments_out(
    state: &AppState,
    owner: Owner<'_>,
    base: &str,
) -> Result<Vec<AttachmentOut>, ApiError> {
    Ok(store::practices::attachments::list(&state.db, owner)
        .await?
        .iter()
        .map(|a| attachment_out(a, base))
        .collect())
}

/// One file read from a multipart body: the `file` field's name and bytes. Files larger than
/// the route's limit end as a field error, never as a server error.
pub async fn read_upload(mp: &mut Multipart) -> Result<(String, Vec<u8>), FieldError> {
    let too_big = || {
        FieldError::with_messages(
            "file",
            "Nie udało się odebrać pliku: załącznik może mieć najwyżej 10 MB.",
            "The file could not be received: an attachment may have at most 10 MB.",
        )
    };
    let mut found = None;
    loop {
        match mp.next_field().await {
            Ok(Some(field)) => {
                if field.name() == Some("file") && found.is_none() {
                    let name = field.file_name().unwrap_or("").to_string();
                    match field.bytes().await {
                        Ok(b) => found = Some((name, b.to_vec())),
                        Err(_) => return Err(too_big()),
                    }
                }
            }
            Ok(None) => break,
            Err(_) => return Err(too_big()),
        }
    }
    found.ok_or_else(|| {
        FieldError::with_messages("file", "Wybierz plik do dodania.", "Choose a file to add.")
    })
}

/// Checks and stores an upload for `owner` (shared by the API and the pages).
pub async fn add_attachment(
    state: &AppState,
    user: &User,
    owner: Owner<'_>,
    name: &str,
    bytes: Vec<u8>,
) -> Result<Attachment, ApiError> {
    let valid = check_upload("file", name, &bytes).map_err(|e| ApiError::Invalid(vec![e]))?;
    Ok(
        store::practices::attachments::add(&state.db, owner, &valid, bytes, &user.id, state.now())
            .await?,
    )
}

/// The download of a stored file: its real type, and its (Polish) name encoded safely.
pub fn download(f: StoredFile, public: bool) -> Response {
    let mut resp = f.content.into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&f.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&f.filename)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if public {
            "public, max-age=300"
        } else {
            "private, no-store"
        }),
    );
    resp
}

/// Add an attachment to a practice (who may change the practice): a PDF, JPEG, PNG or WebP of at
/// most 10 MB, sent as `multipart/form-data` in the field `file`. The type is read from the
/// file's content; a practice has at most 10 attachments (`409` beyond).
#[utoipa::path(post, path = "/practices/{id}/attachments", tag = "practices",
    params(("id" = String, Path)), security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "Field `file`: the document or image"),
    responses((status = 201, body = AttachmentOut), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "Already 10 attachments", body = Problem),
        (status = 422, description = "Not a PDF/JPEG/PNG/WebP by content, empty, or over 10 MB", body = Problem)))]
pub async fn upload(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    mut mp: Multipart,
) -> Result<(StatusCode, Json<AttachmentOut>), ApiError> {
    let view = visible(&state, Some(&user), &id).await?;
    if !can_edit(&user, &view.practice) {
        return Err(ApiError::Forbidden);
    }
    let (name, bytes) = read_upload(&mut mp)
        .await
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    let a = add_attachment(&state, &user, Owner::Practice(&id), &name, bytes).await?;
    Ok((
        StatusCode::CREATED,
        Json(attachment_out(
            &a,
            &format!("/api/v1/practices/{id}/attachments"),
        )),
    ))
}

/// Download an attachment: anyone once the practice is published; before that its authors, the
/// municipality's officers and the metropolis (404 for everyone else).
#[utoipa::path(get, path = "/practices/{id}/attachments/{attachment_id}", tag = "practices",
    params(("id" = String, Path), ("attachment_id" = String, Path)),
    responses((status = 200, description = "The file, with its type and a Content-Disposition"),
        (status = 404, body = Problem)))]
pub async fn download_attachment(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let view = visible(&state, user.as_ref(), &id).await?;
    if !store::ids::looks_like_id(&aid) {
        return Err(ApiError::NotFound);
    }
    let f = store::practices::attachments::get(&state.db, Owner::Practice(&id), &aid)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(download(f, view.practice.is_published()))
}

/// Remove an attachment (who may change the practice).
#[utoipa::path(delete, path = "/practices/{id}/attachments/{attachment_id}", tag = "practices",
    params(("id" = String, Path), ("attachment_id" = String, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_attachment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, aid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let view = visible(&state, Some(&user), &id).await?;
    if !can_edit(&user, &view.practice) {
        return Err(ApiError::Forbidden);
    }
    if !store::ids::looks_like_id(&aid) {
        return Err(ApiError::NotFound);
    }
    store::practices::attachments::remove(
        &state.db,
        Owner::Practice(&id),
        &aid,
        &user.id,
        state.now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams, Default)]
pub struct SimilarQuery {
    /// 1–20, default 5.
    pub limit: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SimilarItem {
    pub id: String,
    pub title: String,
    /// The municipality's slug.
    pub municipality: String,
    pub municipality_name: String,
    pub instrument: Option<String>,
    pub year: Option<i32>,
    pub summary: String,
    /// Higher is more similar.
    pub score: f64,
    /// Topics both practices have (as written in the practice asked about).
    pub shared_topics: Vec<String>,
    pub same_instrument: bool,
    /// Analysed words both titles/summaries use.
    pub shared_terms: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SimilarOut {
    pub items: Vec<SimilarItem>,
}

/// Parses `limit` (1–20, default 5).
pub fn similar_limit(raw: Option<&str>) -> Result<u64, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(5),
        Some(s) => match s.parse::<u64>() {
            Ok(n) if (1..=20).contains(&n) => Ok(n),
            _ => Err(FieldError::with_messages(
                "limit",
                "Podaj liczbę od 1 do 20.",
                "Give a number from 1 to 20.",
            )),
        },
    }
}

/// The similar published practices of a visible practice (shared with the page).
pub async fn similar_items(
    state: &AppState,
    p: &store::practices::Practice,
    limit: u64,
) -> Result<Vec<SimilarItem>, ApiError> {
    let topics = p.topic_list();
    Ok(store::practices::similar(&state.db, p, limit)
        .await?
        .into_iter()
        .map(|h| {
            let shared_topics = topics
                .iter()
                .filter(|t| h.shared_topics.contains(&store::practices::topic_key(t)))
                .cloned()
                .collect();
            let q = h.view.practice;
            SimilarItem {
                id: q.id,
                title: q.title,
                municipality: h.view.municipality.slug,
                municipality_name: h.view.municipality.name,
                instrument: q.instrument,
                year: q.year,
                summary: q.summary,
                score: h.score,
                shared_topics,
                same_instrument: h.same_instrument,
                shared_terms: h.shared_terms,
            }
        })
        .collect())
}

/// Published practices similar to this one (never itself), most similar first: shared topics,
/// the same instrument and shared words of the titles and summaries (in any inflected form).
/// Ties go to the newer practice, then by id.
#[utoipa::path(get, path = "/practices/{id}/similar", tag = "practices",
    params(("id" = String, Path), SimilarQuery),
    responses((status = 200, body = SimilarOut), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn similar(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
    Query(q): Query<SimilarQuery>,
) -> Result<Json<SimilarOut>, ApiError> {
    let view = visible(&state, user.as_ref(), &id).await?;
    let limit = similar_limit(q.limit.as_deref()).map_err(|e| ApiError::Invalid(vec![e]))?;
    Ok(Json(SimilarOut {
        items: similar_items(&state, &view.practice, limit).await?,
    }))
}
