//! The good-practice library: search with filters, a practice's page with its BIP metadata and
//! change history, the officer's form (drafts and submission) and the metropolis's review queue.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::Lang;
use domain::practices::{Instrument, PracticeDraft, PracticeLink, PracticeStatus};
use store::practices::Practice;
use store::practices::attachments::Owner;

use super::{Chrome, FormErrors, PageError, require_user, urlencode};
use crate::AppState;
use crate::api::practices::{
    SearchQuery, can_edit, can_review, can_write_for, create_practice, parse_search,
    update_practice, user_writes_anywhere, visible,
};
use crate::auth::Visitor;
use crate::error::ApiError;

pub struct Choice {
    pub value: String,
    pub label: String,
}

fn instrument_choices(lang: Lang) -> Vec<Choice> {
    Instrument::ALL
        .into_iter()
        .map(|i| Choice {
            value: i.code().into(),
            label: i.label(lang).into(),
        })
        .collect()
}

pub fn instrument_label(code: Option<&str>, lang: Lang) -> String {
    code.and_then(Instrument::parse)
        .map(|i| i.label(lang).to_string())
        .unwrap_or_default()
}

pub fn when(us: i64, lang: Lang) -> String {
    domain::time::format_warsaw(domain::time::from_micros(us), lang)
}

pub struct HitRow {
    pub id: String,
    pub title: String,
    pub municipality: String,
    pub instrument: String,
    pub year: String,
    /// Escaped HTML with `<mark>` (built by `search-pl`).
    pub snippet: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/search.html")]
pub struct SearchPage {
    c: Chrome,
    q: SearchQuery,
    errors: FormErrors,
    hits: Vec<HitRow>,
    total_label: String,
    instruments: Vec<Choice>,
    municipalities: Vec<Choice>,
    prev: Option<String>,
    next: Option<String>,
    can_write: bool,
    can_review: bool,
}

impl SearchPage {
    fn selected_instrument(&self, v: &str) -> bool {
        self.q.instrument.as_deref() == Some(v)
    }
    fn selected_municipality(&self, v: &str) -> bool {
        self.q.municipality.as_deref() == Some(v)
    }
    fn field(&self, name: &str) -> String {
        match name {
            "q" => self.q.q.clone(),
            "topic" => self.q.topic.clone(),
            "year" => self.q.year.clone(),
            _ => None,
        }
        .unwrap_or_default()
    }
}

fn page_link(q: &SearchQuery, offset: u64) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("q", &q.q),
        ("topic", &q.topic),
        ("instrument", &q.instrument),
        ("municipality", &q.municipality),
        ("year", &q.year),
    ] {
        if let Some(v) = v.as_deref().filter(|s| !s.is_empty()) {
            parts.push(format!("{k}={}", urlencode(v)));
        }
    }
    parts.push(format!("offset={offset}"));
    format!("/praktyki?{}", parts.join("&"))
}

pub async fn search(
    State(state): State<AppState>,
    v: Visitor,
    Query(mut q): Query<SearchQuery>,
) -> Result<SearchPage, PageError> {
    q.limit = None;
    let (filters, limit, offset, errors) = match parse_search(&state, &q).await {
        Ok((f, l, o)) => (f, l, o, FormErrors::default()),
        Err(e) => (Default::default(), 20, 0, FormErrors::new(&e, v.lang)),
    };
    let page = store::practices::search(
        &state.db,
        q.q.as_deref().unwrap_or(""),
        &filters,
        limit,
        offset,
    )
    .await?;
    let hits = page
        .hits
        .into_iter()
        .map(|h| HitRow {
            instrument: instrument_label(h.practice.instrument.as_deref(), v.lang),
            year: h.practice.year.map(|y| y.to_string()).unwrap_or_default(),
            id: h.practice.id,
            title: h.practice.title,
            municipality: h.municipality.name,
            snippet: h.snippet,
        })
        .collect();
    let total_label =
        crate::i18n::t_args(v.lang, "gp-found", &[("count", (page.total as i64).into())]);
    let municipalities = store::municipalities::list(&state.db)
        .await?
        .into_iter()
        .map(|m| Choice {
            value: m.slug,
            label: m.name,
        })
        .collect();
    let prev = (offset > 0).then(|| page_link(&q, offset.saturating_sub(limit)));
    let next = (offset + limit < page.total).then(|| page_link(&q, offset + limit));
    Ok(SearchPage {
        can_write: v.user.as_ref().is_some_and(user_writes_anywhere),
        can_review: v.user.as_ref().is_some_and(can_review),
        c: Chrome::new(&v, "gp-title").await,
        q,
        errors,
        hits,
        total_label,
        instruments: instrument_choices(v.lang),
        municipalities,
        prev,
        next,
    })
}

/// An attachment as listed on a page.
pub struct AttachmentRow {
    pub id: String,
    pub href: String,
    pub filename: String,
    /// e.g. "PDF, 1,2 MB".
    pub details: String,
}

/// Human size of a file: "830 kB", "1,2 MB" (Polish decimal comma) or "1.2 MB".
pub fn human_size(bytes: i64, lang: Lang) -> String {
    let s = if bytes < 1024 * 1024 {
        format!("{} kB", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    };
    match lang {
        Lang::Pl => s.replace('.', ","),
        Lang::En => s,
    }
}

/// The owner's attachments as rows linking to `base/{id}`.
pub async fn attachment_rows(
    state: &AppState,
    owner: Owner<'_>,
    base: &str,
    lang: Lang,
) -> Result<Vec<AttachmentRow>, PageError> {
    Ok(store::practices::attachments::list(&state.db, owner)
        .await?
        .into_iter()
        .map(|a| {
            let kind = domain::practices::attachments::FileKind::from_content_type(&a.content_type)
                .map(|k| k.label())
                .unwrap_or("");
            AttachmentRow {
                href: format!("{base}/{}", a.id),
                details: format!("{kind}, {}", human_size(a.size, lang)),
                id: a.id,
                filename: a.filename,
            }
        })
        .collect())
}

pub struct SimilarRow {
    pub id: String,
    pub title: String,
    pub municipality: String,
    /// Why it is similar, e.g. "wspólne tematy: sąsiedztwo · ten sam instrument".
    pub why: String,
}

pub struct MeetingRow {
    pub id: String,
    pub title: String,
    pub when: String,
}

pub struct HistoryRow {
    pub at: String,
    pub what: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/show.html")]
pub struct ShowPage {
    c: Chrome,
    p: Practice,
    municipality_name: String,
    municipality_slug: String,
    status_label: String,
    instrument: String,
    /// (topic, link to the search filtered by it).
    topics: Vec<(String, String)>,
    links: Vec<PracticeLink>,
    attachments: Vec<AttachmentRow>,
    similar: Vec<SimilarRow>,
    meetings: Vec<MeetingRow>,
    author: String,
    publisher: Option<String>,
    created: String,
    published: Option<String>,
    updated: String,
    history: Vec<HistoryRow>,
    may_edit: bool,
    may_review: bool,
}

pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<ShowPage, PageError> {
    let view = match visible(&state, v.user.as_ref(), &id).await {
        Ok(view) => view,
        Err(ApiError::NotFound) => return Err(PageError::NotFound(v.lang)),
        Err(e) => return Err(PageError::Internal(format!("{e:?}"))),
    };
    let p = view.practice;
    let history = store::audit::for_subject(&state.db, "practice", &p.id)
        .await?
        .into_iter()
        .map(|e| HistoryRow {
            at: when(e.at, v.lang),
            what: crate::i18n::t(
                v.lang,
                &format!("gp-history-{}", e.action.replace('.', "-")),
            ),
        })
        .collect();
    let may_edit = v.user.as_ref().is_some_and(|u| can_edit(u, &p));
    let may_review =
        p.status() == PracticeStatus::Submitted && v.user.as_ref().is_some_and(can_review);
    let attachments = attachment_rows(
        &state,
        Owner::Practice(&p.id),
        &format!("/praktyki/{}/zalaczniki", p.id),
        v.lang,
    )
    .await?;
    let similar = crate::api::practice_extras::similar_items(&state, &p, 5)
        .await
        .map_err(|e| PageError::Internal(format!("{e:?}")))?
        .into_iter()
        .map(|h| {
            let mut why = Vec::new();
            if !h.shared_topics.is_empty() {
                why.push(format!(
                    "{}: {}",
                    crate::i18n::t(v.lang, "gp-similar-topics"),
                    h.shared_topics.join(", ")
                ));
            }
            if h.same_instrument {
                why.push(crate::i18n::t(v.lang, "gp-similar-instrument"));
            }
            if why.is_empty() {
                why.push(crate::i18n::t(v.lang, "gp-similar-words"));
            }
            SimilarRow {
                id: h.id,
                title: h.title,
                municipality: h.municipality_name,
                why: why.join(" · "),
            }
        })
        .collect();
    let meetings = store::practices::meetings::meetings_of_practice(
        &state.db,
        &p.id,
        v.user.as_ref().is_some_and(can_review),
    )
    .await?
    .into_iter()
    .map(|m| MeetingRow {
        when: when(m.starts_at, v.lang),
        id: m.id,
        title: m.title,
    })
    .collect();
    Ok(ShowPage {
        attachments,
        similar,
        meetings,
        c: Chrome::form(&v, "gp-title").await.retitled(p.title.clone()),
        municipality_name: view.municipality.name,
        municipality_slug: view.municipality.slug,
        status_label: p.status().label(v.lang).into(),
        instrument: instrument_label(p.instrument.as_deref(), v.lang),
        topics: p
            .topic_list()
            .into_iter()
            .map(|t| {
                let href = format!("/praktyki?topic={}", urlencode(&t));
                (t, href)
            })
            .collect(),
        links: p.link_list(),
        author: view.author_name,
        publisher: view.publisher_name,
        created: when(p.created_at, v.lang),
        published: p.published_at.map(|x| when(x, v.lang)),
        updated: when(p.updated_at, v.lang),
        history,
        may_edit,
        may_review,
        p,
    })
}

/// What the form shows (also after errors, with what the person typed).
#[derive(Default, Clone)]
pub struct PracticeForm {
    pub title: String,
    pub municipality: String,
    pub summary: String,
    pub body: String,
    pub results: String,
    pub costs: String,
    pub instrument: String,
    pub topics: String,
    pub year: String,
    pub partners: String,
    pub contact_name: String,
    pub contact_email: String,
    pub links: String,
}

impl PracticeForm {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, val)| val.clone())
                .unwrap_or_default()
        };
        PracticeForm {
            title: get("title"),
            municipality: get("municipality"),
            summary: get("summary"),
            body: get("body"),
            results: get("results"),
            costs: get("costs"),
            instrument: get("instrument"),
            topics: get("topics"),
            year: get("year"),
            partners: get("partners"),
            contact_name: get("contact_name"),
            contact_email: get("contact_email"),
            links: get("links"),
        }
    }

    pub fn from_practice(p: &Practice, slug: &str) -> Self {
        PracticeForm {
            title: p.title.clone(),
            municipality: slug.into(),
            summary: p.summary.clone(),
            body: p.body.clone(),
            results: p.results.clone(),
            costs: p.costs.clone(),
            instrument: p.instrument.clone().unwrap_or_default(),
            topics: p.topic_list().join(", "),
            year: p.year.map(|y| y.to_string()).unwrap_or_default(),
            partners: p.partners.clone(),
            contact_name: p.contact_name.clone(),
            contact_email: p.contact_email.clone(),
            links: p
                .link_list()
                .iter()
                .map(PracticeLink::to_line)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    fn draft(&self) -> PracticeDraft {
        PracticeDraft {
            title: self.title.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            results: self.results.clone(),
            costs: self.costs.clone(),
            instrument: self.instrument.clone(),
            topics: self.topics.split(',').map(str::to_string).collect(),
            year: self.year.clone(),
            partners: self.partners.clone(),
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone(),
            links: self.links.lines().map(PracticeLink::from_line).collect(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/form.html")]
pub struct FormPage {
    c: Chrome,
    f: PracticeForm,
    errors: FormErrors,
    action: String,
    /// Municipalities the user may write for (empty when editing: it stays where it is).
    municipalities: Vec<Choice>,
    instruments: Vec<Choice>,
    review_comment: Option<String>,
    /// The practice being edited (attachments are added to a saved practice).
    practice_id: Option<String>,
    attachments: Vec<AttachmentRow>,
    /// Save as you go (drafts and returned practices, new ones): not on a submitted or
    /// published practice, whose changes must be deliberate.
    autosave: bool,
}

impl FormPage {
    fn selected_instrument(&self, v: &str) -> bool {
        self.f.instrument == v
    }
    fn selected_municipality(&self, v: &str) -> bool {
        self.f.municipality == v
    }
}

async fn writable_municipalities(
    state: &AppState,
    user: &store::accounts::User,
) -> Result<Vec<Choice>, PageError> {
    Ok(store::municipalities::list(&state.db)
        .await?
        .into_iter()
        .filter(|m| can_write_for(user, &m.id))
        .map(|m| Choice {
            value: m.slug,
            label: m.name,
        })
        .collect())
}

pub async fn new_form(State(state): State<AppState>, v: Visitor) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let municipalities = writable_municipalities(&state, &user).await?;
    if municipalities.is_empty() {
        return Err(PageError::NotFound(v.lang));
    }
    let f = PracticeForm {
        municipality: if municipalities.len() == 1 {
            municipalities[0].value.clone()
        } else {
            String::new()
        },
        ..Default::default()
    };
    Ok(FormPage {
        c: Chrome::form(&v, "gp-new-title").await,
        f,
        errors: FormErrors::default(),
        action: "/praktyki/nowa".into(),
        municipalities,
        instruments: instrument_choices(v.lang),
        review_comment: None,
        practice_id: None,
        attachments: vec![],
        autosave: true,
    }
    .into_response())
}

fn wants_submit(pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(k, v)| k == "action" && v == "submit")
}

/// A background save by the page's script (`action=save`): answered without a redirect.
fn is_autosave(pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(k, v)| k == "action" && v == "save")
}

/// The answer to a background save: 204, or 200 naming where the next saves go (a new draft
/// continues as an edit of the practice just created).
fn autosaved(next_action: Option<String>) -> Response {
    match next_action {
        Some(a) => (
            StatusCode::OK,
            [(axum::http::HeaderName::from_static("x-autosave-action"), a)],
        )
            .into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// A background save that failed: 422 without a page (the script says it did not save).
fn autosave_failed() -> Response {
    StatusCode::UNPROCESSABLE_ENTITY.into_response()
}

/// Where a failed form goes back to: a new practice, or an existing one (with its attachments).
pub struct FormTarget {
    pub practice_id: Option<String>,
    pub attachments: Vec<AttachmentRow>,
    pub autosave: bool,
    pub review_comment: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub async fn form_errors(
    v: &Visitor,
    title_key: &str,
    f: PracticeForm,
    err: ApiError,
    action: String,
    municipalities: Vec<Choice>,
    target: FormTarget,
) -> Result<Response, PageError> {
    let errors = match err {
        ApiError::Invalid(e) => e,
        ApiError::Conflict(e) => vec![e],
        ApiError::Forbidden | ApiError::NotFound => return Err(PageError::NotFound(v.lang)),
        other => return Err(PageError::Internal(format!("{other:?}"))),
    };
    let c = Chrome::form(v, title_key).await;
    let title = format!("{} {}", c.t("error-prefix"), c.title);
    let page = FormPage {
        c: c.retitled(title),
        f,
        errors: FormErrors::new(&errors, v.lang),
        action,
        municipalities,
        instruments: instrument_choices(v.lang),
        review_comment: target.review_comment,
        practice_id: target.practice_id,
        attachments: target.attachments,
        autosave: target.autosave,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// What the edit form of a practice needs besides the typed values.
pub async fn edit_target(
    state: &AppState,
    v: &Visitor,
    p: &Practice,
) -> Result<FormTarget, PageError> {
    Ok(FormTarget {
        practice_id: Some(p.id.clone()),
        attachments: attachment_rows(
            state,
            Owner::Practice(&p.id),
            &format!("/praktyki/{}/zalaczniki", p.id),
            v.lang,
        )
        .await?,
        autosave: matches!(p.status(), PracticeStatus::Draft | PracticeStatus::Returned),
        review_comment: p
            .review_comment
            .clone()
            .filter(|_| p.status() == PracticeStatus::Returned),
    })
}

pub async fn create(
    State(state): State<AppState>,
    v: Visitor,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let f = PracticeForm::from_pairs(&pairs);
    let submit = wants_submit(&pairs);
    let background = is_autosave(&pairs);
    match create_practice(&state, &user, &f.draft(), Some(&f.municipality), submit).await {
        Ok(id) if background => Ok(autosaved(Some(format!("/praktyki/{id}/edycja")))),
        Ok(id) => Ok(Redirect::to(&format!("/praktyki/{id}")).into_response()),
        Err(_) if background => Ok(autosave_failed()),
        Err(err) => {
            let municipalities = writable_municipalities(&state, &user).await?;
            form_errors(
                &v,
                "gp-new-title",
                f,
                err,
                "/praktyki/nowa".into(),
                municipalities,
                FormTarget {
                    practice_id: None,
                    attachments: vec![],
                    autosave: true,
                    review_comment: None,
                },
            )
            .await
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let view = visible(&state, Some(&user), &id)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    if !can_edit(&user, &view.practice) {
        return Err(PageError::NotFound(v.lang));
    }
    let target = edit_target(&state, &v, &view.practice).await?;
    Ok(FormPage {
        c: Chrome::form(&v, "gp-edit-title").await,
        f: PracticeForm::from_practice(&view.practice, &view.municipality.slug),
        errors: FormErrors::default(),
        action: format!("/praktyki/{id}/edycja"),
        municipalities: vec![],
        instruments: instrument_choices(v.lang),
        review_comment: target.review_comment,
        practice_id: target.practice_id,
        attachments: target.attachments,
        autosave: target.autosave,
    }
    .into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let f = PracticeForm::from_pairs(&pairs);
    let background = is_autosave(&pairs);
    match update_practice(&state, &user, &id, &f.draft(), wants_submit(&pairs)).await {
        Ok(_) if background => Ok(autosaved(None)),
        Ok(_) => Ok(Redirect::to(&format!("/praktyki/{id}")).into_response()),
        Err(_) if background => Ok(autosave_failed()),
        Err(err) => {
            let view = visible(&state, Some(&user), &id)
                .await
                .map_err(|_| PageError::NotFound(v.lang))?;
            let target = edit_target(&state, &v, &view.practice).await?;
            form_errors(
                &v,
                "gp-edit-title",
                f,
                err,
                format!("/praktyki/{id}/edycja"),
                vec![],
                target,
            )
            .await
        }
    }
}

pub struct QueueRow {
    pub id: String,
    pub title: String,
    pub municipality: String,
    pub submitted: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/queue.html")]
pub struct QueuePage {
    c: Chrome,
    rows: Vec<QueueRow>,
    mine: Vec<QueueRow>,
}

/// The metropolis's review queue; for officers, their municipality's practices and their status.
pub async fn queue(State(state): State<AppState>, v: Visitor) -> Result<QueuePage, PageError> {
    let user = require_user(&v)?.clone();
    let names: std::collections::HashMap<String, String> = store::municipalities::list(&state.db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let row = |p: Practice, label: String| QueueRow {
        municipality: names.get(&p.municipality_id).cloned().unwrap_or_default(),
        submitted: label,
        id: p.id,
        title: p.title,
    };
    let rows = if can_review(&user) {
        store::practices::review_queue(&state.db)
            .await?
            .into_iter()
            .map(|p| {
                let at = p.submitted_at.map(|x| when(x, v.lang)).unwrap_or_default();
                row(p, at)
            })
            .collect()
    } else {
        Vec::new()
    };
    let own: Vec<String> = names
        .keys()
        .filter(|id| user.has_role_in(domain::accounts::Role::Officer, id))
        .cloned()
        .collect();
    let mine = store::practices::of_municipalities(&state.db, &own)
        .await?
        .into_iter()
        .map(|p| {
            let label = p.status().label(v.lang).to_string();
            row(p, label)
        })
        .collect();
    Ok(QueuePage {
        c: Chrome::form(&v, "gp-queue-title").await,
        rows,
        mine,
    })
}

/// Publish or return (with a comment) from the practice's page.
pub async fn review(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    if !can_review(&user) {
        return Err(PageError::NotFound(v.lang));
    }
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, val)| val.clone())
            .unwrap_or_default()
    };
    let result = if get("action") == "publish" {
        store::practices::publish(&state.db, &id, &user.id, state.now()).await
    } else {
        store::practices::return_for_changes(&state.db, &id, &get("comment"), &user.id, state.now())
            .await
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/praktyki/{id}")).into_response()),
        Err(store::StoreError::NotFound) => Err(PageError::NotFound(v.lang)),
        Err(store::StoreError::Invalid(_) | store::StoreError::Conflict(_)) => {
            Ok(Redirect::to(&format!("/praktyki/{id}?blad=1")).into_response())
        }
        Err(e) => Err(PageError::Internal(e.to_string())),
    }
}
