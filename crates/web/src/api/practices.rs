//! `/practices`: the good-practice library shared by the metropolis's municipalities. Officers
//! write practices, the metropolis publishes or returns them, anyone searches the published ones.
//! Every permission check of the feature is in the `can_*` functions below.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::FieldError;
use domain::accounts::Role;
use domain::practices::{Instrument, PracticeDraft, PracticeLink, validate_practice};
use serde::{Deserialize, Serialize};
use store::accounts::User;
use store::practices::{Filters, Practice, PracticeView};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, ApiJson, Problem};

/// Whether `user` may write practices of `municipality_id`.
pub fn can_write_for(user: &User, municipality_id: &str) -> bool {
    user.has_role_in(Role::Officer, municipality_id) || can_review(user)
}

/// Whether `user` reviews and publishes practices (the metropolis role, platform admins).
pub fn can_review(user: &User) -> bool {
    user.has_role(Role::Metropolis) || user.is_platform_admin()
}

/// Whether `user` may change this practice.
pub fn can_edit(user: &User, p: &Practice) -> bool {
    p.created_by == user.id || can_write_for(user, &p.municipality_id)
}

/// Whether the practice is visible: published ones to anyone, others to who may change them.
pub fn can_see(user: Option<&User>, p: &Practice) -> bool {
    p.is_published() || user.is_some_and(|u| can_edit(u, p))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct PracticeIn {
    pub title: Option<String>,
    /// The municipality's slug (on creation).
    pub municipality: Option<String>,
    pub summary: Option<String>,
    /// The problem and what was done.
    pub body: Option<String>,
    /// Results, with figures.
    pub results: Option<String>,
    /// Costs and funding.
    pub costs: Option<String>,
    /// One of `microgrants`, `neighbourhood_fund`, `small_grant`, `open_competition`,
    /// `local_initiative`, `micro_purchase`, `regranting`, `incubator`, `council`,
    /// `consultation`, `other`.
    pub instrument: Option<String>,
    /// Free tags.
    pub topics: Option<Vec<String>>,
    pub year: Option<i32>,
    pub partners: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    /// Links: `{url, label}` objects (or plain addresses).
    pub links: Option<Vec<LinkIn>>,
    /// `true` saves a draft (only the title is required); otherwise it is submitted for review.
    pub draft: Option<bool>,
}

/// A link as sent: an object with the address and its description, or just the address.
#[derive(Deserialize, ToSchema, Clone)]
#[serde(untagged)]
pub enum LinkIn {
    Labelled {
        url: Option<String>,
        label: Option<String>,
    },
    Url(String),
}

impl LinkIn {
    pub fn to_link(&self) -> PracticeLink {
        match self {
            LinkIn::Labelled { url, label } => PracticeLink {
                url: url.clone().unwrap_or_default(),
                label: label.clone().unwrap_or_default(),
            },
            LinkIn::Url(url) => PracticeLink {
                url: url.clone(),
                label: String::new(),
            },
        }
    }
}

/// A link with its description.
#[derive(Serialize, ToSchema, Clone)]
pub struct LinkOut {
    /// `http://` or `https://` address.
    pub url: String,
    /// What it leads to (may be empty).
    pub label: String,
}

impl From<PracticeLink> for LinkOut {
    fn from(l: PracticeLink) -> Self {
        LinkOut {
            url: l.url,
            label: l.label,
        }
    }
}

impl PracticeIn {
    pub fn to_draft(&self) -> PracticeDraft {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        PracticeDraft {
            title: s(&self.title),
            summary: s(&self.summary),
            body: s(&self.body),
            results: s(&self.results),
            costs: s(&self.costs),
            instrument: s(&self.instrument),
            topics: self.topics.clone().unwrap_or_default(),
            year: self.year.map(|y| y.to_string()).unwrap_or_default(),
            partners: s(&self.partners),
            contact_name: s(&self.contact_name),
            contact_email: s(&self.contact_email),
            links: self.links.iter().flatten().map(LinkIn::to_link).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PracticeOut {
    pub id: String,
    /// `draft`, `submitted`, `returned` or `published`.
    pub status: String,
    pub title: String,
    /// The municipality's slug.
    pub municipality: String,
    pub municipality_name: String,
    pub summary: String,
    pub body: String,
    pub results: String,
    pub costs: String,
    pub instrument: Option<String>,
    pub topics: Vec<String>,
    pub year: Option<i32>,
    pub partners: String,
    pub contact_name: String,
    pub contact_email: String,
    pub links: Vec<LinkOut>,
    /// PDF documents and images (in the practice's own answer; not in exports).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<crate::api::practice_extras::AttachmentOut>>,
    /// Published thematic meetings where it was presented (in the practice's own answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meetings: Option<Vec<crate::api::meetings::MeetingRef>>,
    /// The metropolis's comment when returned.
    pub review_comment: Option<String>,
    pub prepared_by: String,
    pub published_by: Option<String>,
    pub created_at: String,
    pub published_at: Option<String>,
    pub updated_at: String,
}

fn rfc(us: i64) -> String {
    domain::time::to_rfc3339_warsaw(domain::time::from_micros(us))
}

impl PracticeOut {
    pub fn from_view(v: &PracticeView) -> Self {
        let p = &v.practice;
        PracticeOut {
            id: p.id.clone(),
            status: p.status.clone(),
            title: p.title.clone(),
            municipality: v.municipality.slug.clone(),
            municipality_name: v.municipality.name.clone(),
            summary: p.summary.clone(),
            body: p.body.clone(),
            results: p.results.clone(),
            costs: p.costs.clone(),
            instrument: p.instrument.clone(),
            topics: p.topic_list(),
            year: p.year,
            partners: p.partners.clone(),
            contact_name: p.contact_name.clone(),
            contact_email: p.contact_email.clone(),
            links: p.link_list().into_iter().map(LinkOut::from).collect(),
            attachments: None,
            meetings: None,
            review_comment: p.review_comment.clone(),
            prepared_by: v.author_name.clone(),
            published_by: v.publisher_name.clone(),
            created_at: rfc(p.created_at),
            published_at: p.published_at.map(rfc),
            updated_at: rfc(p.updated_at),
        }
    }
}

/// Validates and saves a new practice for `user` (shared by the API and the page).
pub async fn create_practice(
    state: &AppState,
    user: &User,
    draft: &PracticeDraft,
    municipality_slug: Option<&str>,
    submit: bool,
) -> Result<String, ApiError> {
    let municipality = match municipality_slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => store::municipalities::by_slug(&state.db, slug).await?,
        None => None,
    };
    let mut errors = Vec::new();
    if municipality.is_none() {
        errors.push(FieldError::with_messages(
            "municipality",
            "Wybierz gminę z listy.",
            "Choose a municipality from the list.",
        ));
    }
    if let Some(m) = &municipality
        && !can_write_for(user, &m.id)
    {
        return Err(ApiError::Forbidden);
    }
    if municipality.is_none() && !user_writes_anywhere(user) {
        return Err(ApiError::Forbidden);
    }
    let valid = match validate_practice(draft, submit) {
        Ok(v) => Some(v),
        Err(mut e) => {
            errors.append(&mut e);
            None
        }
    };
    match (valid, municipality) {
        (Some(v), Some(m)) if errors.is_empty() => {
            Ok(
                store::practices::create(&state.db, &v, &m.id, submit, &user.id, state.now())
                    .await?,
            )
        }
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Whether `user` may write practices for at least one municipality.
pub fn user_writes_anywhere(user: &User) -> bool {
    can_review(user)
        || user
            .roles
            .iter()
            .any(|g| matches!(g.role, Role::Officer | Role::Admin))
}

/// Validates and saves changes to a practice (shared by the API and the page).
pub async fn update_practice(
    state: &AppState,
    user: &User,
    id: &str,
    draft: &PracticeDraft,
    submit: bool,
) -> Result<Practice, ApiError> {
    let view = visible(state, Some(user), id).await?;
    if !can_edit(user, &view.practice) {
        return Err(ApiError::Forbidden);
    }
    let complete = submit || view.practice.status() != domain::practices::PracticeStatus::Draft;
    let v = validate_practice(draft, complete).map_err(ApiError::Invalid)?;
    Ok(store::practices::update(&state.db, id, &v, submit, &user.id, state.now()).await?)
}

/// The practice if `user` may see it; 404 otherwise.
pub async fn visible(
    state: &AppState,
    user: Option<&User>,
    id: &str,
) -> Result<PracticeView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    let view = store::practices::get(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !can_see(user, &view.practice) {
        return Err(ApiError::NotFound);
    }
    Ok(view)
}

#[derive(Serialize, ToSchema)]
pub struct CreatedOut {
    pub id: String,
    /// `submitted`, or `draft` when saved with `draft: true`.
    pub status: String,
}

/// Describe a practice (officers of its municipality, the metropolis, admins). Submitted for
/// review unless `draft: true`.
#[utoipa::path(post, path = "/practices", tag = "practices", request_body = PracticeIn,
    security(("bearer" = [])),
    responses(
        (status = 201, body = CreatedOut),
        (status = 401, body = Problem),
        (status = 403, description = "Not an officer of that municipality nor the metropolis", body = Problem),
        (status = 422, body = Problem),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<PracticeIn>,
) -> Result<(StatusCode, Json<CreatedOut>), ApiError> {
    let submit = !input.draft.unwrap_or(false);
    let id = create_practice(
        &state,
        &user,
        &input.to_draft(),
        input.municipality.as_deref(),
        submit,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedOut {
            id,
            status: if submit { "submitted" } else { "draft" }.into(),
        }),
    ))
}

/// A practice: published ones for anyone; others for their author, the municipality's officers
/// and the metropolis (404 for everyone else).
#[utoipa::path(get, path = "/practices/{id}", tag = "practices",
    params(("id" = String, Path)),
    responses((status = 200, body = PracticeOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<PracticeOut>, ApiError> {
    let view = visible(&state, user.as_ref(), &id).await?;
    Ok(Json(full_out(&state, &view).await?))
}

/// A practice with its attachments and the meetings where it was presented.
pub async fn full_out(state: &AppState, view: &PracticeView) -> Result<PracticeOut, ApiError> {
    let mut out = PracticeOut::from_view(view);
    out.attachments = Some(
        crate::api::practice_extras::attachments_out(
            state,
            store::practices::attachments::Owner::Practice(&view.practice.id),
            &format!("/api/v1/practices/{}/attachments", view.practice.id),
        )
        .await?,
    );
    out.meetings = Some(
        store::practices::meetings::meetings_of_practice(&state.db, &view.practice.id, false)
            .await?
            .iter()
            .map(crate::api::meetings::MeetingRef::from_model)
            .collect(),
    );
    Ok(out)
}

/// Change a practice; `draft: false` submits a draft or returned practice for review.
#[utoipa::path(patch, path = "/practices/{id}", tag = "practices", request_body = PracticeIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = PracticeOut), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PracticeIn>,
) -> Result<Json<PracticeOut>, ApiError> {
    let submit = input.draft == Some(false);
    update_practice(&state, &user, &id, &input.to_draft(), submit).await?;
    let view = visible(&state, Some(&user), &id).await?;
    Ok(Json(full_out(&state, &view).await?))
}

/// Publish a submitted practice (the metropolis, admins). 409 unless submitted.
#[utoipa::path(post, path = "/practices/{id}/publish", tag = "practices",
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = PracticeOut), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<PracticeOut>, ApiError> {
    visible(&state, Some(&user), &id).await?;
    if !can_review(&user) {
        return Err(ApiError::Forbidden);
    }
    store::practices::publish(&state.db, &id, &user.id, state.now()).await?;
    let view = visible(&state, Some(&user), &id).await?;
    Ok(Json(full_out(&state, &view).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ReturnIn {
    /// What needs changing.
    pub comment: Option<String>,
}

/// Return a submitted practice to its municipality with a comment (the metropolis, admins).
#[utoipa::path(post, path = "/practices/{id}/return", tag = "practices", request_body = ReturnIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = PracticeOut), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn return_for_changes(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReturnIn>,
) -> Result<Json<PracticeOut>, ApiError> {
    visible(&state, Some(&user), &id).await?;
    if !can_review(&user) {
        return Err(ApiError::Forbidden);
    }
    store::practices::return_for_changes(
        &state.db,
        &id,
        input.comment.as_deref().unwrap_or(""),
        &user.id,
        state.now(),
    )
    .await?;
    let view = visible(&state, Some(&user), &id).await?;
    Ok(Json(full_out(&state, &view).await?))
}

#[derive(Deserialize, IntoParams, Default, Clone)]
pub struct SearchQuery {
    /// Words to look for (any form, with or without Polish letters). Empty: newest first.
    pub q: Option<String>,
    pub topic: Option<String>,
    pub instrument: Option<String>,
    /// The municipality's slug.
    pub municipality: Option<String>,
    pub year: Option<String>,
    /// 1–100, default 20.
    pub limit: Option<String>,
    pub offset: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct HitOut {
    pub id: String,
    pub title: String,
    /// The municipality's slug.
    pub municipality: String,
    pub municipality_name: String,
    pub instrument: Option<String>,
    pub year: Option<i32>,
    /// HTML: escaped text with the matched words in `<mark>`.
    pub snippet: String,
    /// Relevance (higher is better; 0 without a query).
    pub score: f64,
}

#[derive(Serialize, ToSchema)]
pub struct SearchOut {
    pub total: u64,
    pub items: Vec<HitOut>,
}

/// Parsed search parameters: the filters, or field errors.
pub async fn parse_search(
    state: &AppState,
    q: &SearchQuery,
) -> Result<(Filters, u64, u64), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut filters = Filters::default();
    let nonempty = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if let Some(code) = nonempty(&q.instrument) {
        match Instrument::parse(&code) {
            Some(i) => filters.instrument = Some(i.code().to_string()),
            None => errors.push(FieldError::with_messages(
                "instrument",
                "Nieznany instrument.",
                "Unknown instrument.",
            )),
        }
    }
    if let Some(slug) = nonempty(&q.municipality) {
        match store::municipalities::by_slug(&state.db, &slug).await {
            Ok(Some(m)) => filters.municipality_id = Some(m.id),
            _ => errors.push(FieldError::with_messages(
                "municipality",
                "Nieznana gmina.",
                "Unknown municipality.",
            )),
        }
    }
    if let Some(t) = nonempty(&q.topic) {
        filters.topic = Some(store::practices::topic_key(&t));
    }
    if let Some(y) = nonempty(&q.year) {
        match y.parse::<i32>() {
            Ok(y) if (1990..=2100).contains(&y) => filters.year = Some(y),
            _ => errors.push(FieldError::with_messages(
                "year",
                "Podaj rok, np. 2024.",
                "Give a year, e.g. 2024.",
            )),
        }
    }
    let limit = match nonempty(&q.limit) {
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
    let offset = match nonempty(&q.offset) {
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
        Ok((filters, limit, offset))
    } else {
        Err(errors)
    }
}

/// Search published practices, best match first (newest first without words). Words are matched
/// in any inflected form and without Polish letters; snippets mark the matched words.
#[utoipa::path(get, path = "/practices/search", tag = "practices", params(SearchQuery),
    responses((status = 200, body = SearchOut), (status = 422, body = Problem)))]
pub async fn search(
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> Result<Json<SearchOut>, ApiError> {
    let (filters, limit, offset) = parse_search(&state, &q).await.map_err(ApiError::Invalid)?;
    let page = store::practices::search(
        &state.db,
        q.q.as_deref().unwrap_or(""),
        &filters,
        limit,
        offset,
    )
    .await?;
    Ok(Json(SearchOut {
        total: page.total,
        items: page
            .hits
            .into_iter()
            .map(|h| HitOut {
                id: h.practice.id,
                title: h.practice.title,
                municipality: h.municipality.slug,
                municipality_name: h.municipality.name,
                instrument: h.practice.instrument,
                year: h.practice.year,
                snippet: h.snippet,
                score: h.score,
            })
            .collect(),
    }))
}

/// Every published practice as JSON (open data).
#[utoipa::path(get, path = "/practices/export.json", tag = "practices",
    responses((status = 200, body = Vec<PracticeOut>)))]
pub async fn export_json(
    State(state): State<AppState>,
) -> Result<Json<Vec<PracticeOut>>, ApiError> {
    let all = store::practices::all_published(&state.db).await?;
    Ok(Json(all.iter().map(PracticeOut::from_view).collect()))
}

/// Every published practice as CSV (open data; UTF-8 with BOM, `;`-separated).
#[utoipa::path(get, path = "/practices/export.csv", tag = "practices",
    responses((status = 200, content_type = "text/csv", description = "CSV")))]
pub async fn export_csv(State(state): State<AppState>) -> Result<Response, ApiError> {
    let all = store::practices::all_published(&state.db).await?;
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let err = |e: csv::Error| ApiError::Internal(e.to_string());
        w.write_record([
            "id",
            "tytul",
            "gmina",
            "instrument",
            "rok",
            "tematy",
            "streszczenie",
            "opis",
            "rezultaty",
            "koszty",
            "partnerzy",
            "kontakt",
            "email",
            "opublikowano",
        ])
        .map_err(err)?;
        for v in &all {
            let o = PracticeOut::from_view(v);
            w.write_record([
                o.id,
                o.title,
                o.municipality_name,
                o.instrument.unwrap_or_default(),
                o.year.map(|y| y.to_string()).unwrap_or_default(),
                o.topics.join(", "),
                o.summary,
                o.body,
                o.results,
                o.costs,
                o.partners,
                o.contact_name,
                o.contact_email,
                o.published_at.unwrap_or_default(),
            ])
            .map_err(err)?;
        }
        w.flush().map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"dobre-praktyki.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}
