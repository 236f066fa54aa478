//! A consultation's page: the document, the dates, the public comments, the comment form while
//! it is open (for logged-in visitors), the officer's publication, answers and report forms, the
//! published report, and the metadata block.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::FieldError;
use domain::consultations::{Answer, Phase};
use store::consultations::ConsultationView;

use super::{error_title, page_error};
use crate::AppState;
use crate::api::consultations::permissions::can_manage;
use crate::api::consultations::{
    add_comment, answer_comment, file_response, publish_consultation, publish_report,
    report_author, report_csv as csv_bytes, report_filename, visible_consultation,
};
use crate::api::purchases::export::{CSV, attachment};
use crate::auth::Visitor;
use crate::error::ApiError;
use crate::pages::purchases::{field, form_refusal};
use crate::pages::{Chrome, FormErrors, PageError, require_user, urlencode, when};

pub struct CommentRow {
    pub index: usize,
    pub id: String,
    pub author: String,
    pub when: String,
    pub body: String,
    pub public: bool,
    pub answer: String,
    pub answer_code: String,
    pub answer_text: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct HistoryRow {
    pub when: String,
    pub what: String,
}

/// Which form on the page the errors belong to.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Which {
    #[default]
    None,
    Publish,
    Comment,
    Answer(usize),
    Report,
}

/// What the visitor typed into the form that came back with errors.
#[derive(Default)]
pub struct Typed {
    pub which: Which,
    pub body: String,
    pub public: bool,
    pub organisation_id: String,
    pub answer: String,
    pub text: String,
    pub summary: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultations/show.html")]
pub struct ShowPage {
    c: Chrome,
    v: ConsultationView,
    phase: String,
    opens: String,
    closes: String,
    officer: bool,
    is_draft: bool,
    is_open: bool,
    is_closed: bool,
    is_reported: bool,
    may_edit: bool,
    logged_in: bool,
    login_href: String,
    organisations: Vec<Choice>,
    /// Public comments (everyone) — or every comment (officers).
    comments: Vec<CommentRow>,
    /// The report's rows: every comment; non-public ones without identity.
    report: Vec<CommentRow>,
    report_published: String,
    counts: (usize, usize, usize),
    unanswered: usize,
    errors: FormErrors,
    t: Typed,
    created: String,
    published: Option<String>,
    updated: String,
    history: Vec<HistoryRow>,
    base: String,
    notice: String,
}

impl ShowPage {
    fn errors_for(&self, which: Which) -> bool {
        self.t.which == which && !self.errors.is_empty()
    }
    fn answering(&self, i: &usize) -> bool {
        self.t.which == Which::Answer(*i) && !self.errors.is_empty()
    }
    fn org_selected(&self, id: &str) -> bool {
        self.t.organisation_id == id
    }
    fn chosen(&self, i: &usize, stored: &str) -> String {
        if self.answering(i) {
            self.t.answer.clone()
        } else {
            stored.to_string()
        }
    }
    fn typed_text(&self, i: &usize, stored: &str) -> String {
        if self.answering(i) {
            self.t.text.clone()
        } else {
            stored.to_string()
        }
    }
    fn answer_field(&self, i: &usize, which: &str) -> String {
        format!("answers[{i}].{which}")
    }
}

fn rows(v: &ConsultationView, lang: domain::Lang, officer: bool, report: bool) -> Vec<CommentRow> {
    v.comments
        .iter()
        .enumerate()
        .filter(|(_, c)| report || officer || c.comment.is_public)
        .map(|(i, c)| CommentRow {
            index: i,
            id: c.comment.id.clone(),
            author: if report {
                report_author(c, lang)
            } else if officer {
                match &c.organisation_name {
                    Some(o) => format!("{} ({o})", c.author_name),
                    None => c.author_name.clone(),
                }
            } else {
                c.public_name()
            },
            when: when(c.comment.created_at, lang),
            body: c.comment.body.clone(),
            public: c.comment.is_public,
            answer: c
                .answer
                .map(|a| a.label(lang).to_string())
                .unwrap_or_default(),
            answer_code: c.answer.map(|a| a.as_str().to_string()).unwrap_or_default(),
            answer_text: c.comment.answer_text.clone().unwrap_or_default(),
        })
        .collect()
}

async fn page(
    state: &AppState,
    v: &Visitor,
    c: ConsultationView,
    errors: FormErrors,
    t: Typed,
    notice: String,
) -> Result<ShowPage, PageError> {
    let lang = v.lang;
    let user = v.user.as_ref();
    let now = state.now();
    let officer = user.is_some_and(|u| can_manage(u, &c.c.municipality_id));
    let phase = c.phase(now);
    let organisations = match user {
        Some(u) => store::organisations::of_user(&state.db, &u.id)
            .await?
            .into_iter()
            .map(|o| Choice {
                value: o.id,
                label: o.name,
            })
            .collect(),
        None => Vec::new(),
    };
    let history = store::audit::for_subject(&state.db, "consultation", &c.c.id)
        .await?
        .into_iter()
        .filter(|e| {
            officer
                || !matches!(
                    e.action.as_str(),
                    "consultation.comment" | "consultation.answer"
                )
        })
        .map(|e| HistoryRow {
            when: when(e.at, lang),
            what: crate::i18n::t(
                lang,
                &format!("cons-history-{}", e.action.replace("consultation.", "")),
            ),
        })
        .collect();
    let count = |a: Answer| c.comments.iter().filter(|x| x.answer == Some(a)).count();
    let mut chrome = Chrome::titled(v, c.c.title.clone()).await;
    error_title(&mut chrome, &errors);
    let base = format!("/{}/konsultacje/{}", c.municipality_slug, c.c.id);
    Ok(ShowPage {
        phase: phase.label(lang).to_string(),
        opens: when(c.c.opens_at, lang),
        closes: when(c.c.closes_at, lang),
        officer,
        is_draft: phase == Phase::Draft,
        is_open: phase == Phase::Open,
        is_closed: phase == Phase::Closed,
        is_reported: phase == Phase::Reported,
        may_edit: officer && matches!(phase, Phase::Draft | Phase::Upcoming),
        logged_in: user.is_some(),
        login_href: format!("/logowanie?powrot={}", urlencode(&base)),
        organisations,
        comments: rows(&c, lang, officer, false),
        report: rows(&c, lang, false, true),
        report_published: c
            .c
            .report_published_at
            .map(|t| when(t, lang))
            .unwrap_or_default(),
        counts: (
            count(Answer::Accepted),
            count(Answer::Partly),
            count(Answer::Rejected),
        ),
        unanswered: c.unanswered(),
        errors,
        t,
        created: when(c.c.created_at, lang),
        published: c.c.published_at.map(|t| when(t, lang)),
        updated: when(c.c.updated_at, lang),
        history,
        base,
        notice,
        c: chrome,
        v: c,
    })
}

async fn load(
    state: &AppState,
    v: &Visitor,
    slug: &str,
    id: &str,
) -> Result<ConsultationView, PageError> {
    let c = visible_consultation(state, v.user.as_ref(), id)
        .await
        .map_err(|e| page_error(e, v.lang))?;
    if c.municipality_slug != slug {
        return Err(PageError::NotFound(v.lang));
    }
    Ok(c)
}

/// `/{slug}/konsultacje/{id}`.
pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<ShowPage, PageError> {
    let c = load(&state, &v, &slug, &id).await?;
    let notice = match q.get("komunikat").map(String::as_str) {
        Some("uwaga") => crate::i18n::t(v.lang, "cons-notice-comment"),
        Some("odpowiedz") => crate::i18n::t(v.lang, "cons-notice-answer"),
        Some("raport") => crate::i18n::t(v.lang, "cons-notice-report"),
        Some("publikacja") => crate::i18n::t(v.lang, "cons-notice-published"),
        _ => String::new(),
    };
    page(
        &state,
        &v,
        c,
        FormErrors::default(),
        Typed::default(),
        notice,
    )
    .await
}

async fn refused(
    state: &AppState,
    v: &Visitor,
    slug: &str,
    id: &str,
    err: ApiError,
    t: Typed,
) -> Result<Response, PageError> {
    let err = match (&t.which, err) {
        // The answer forms repeat per comment: point the errors at this comment's fields.
        (Which::Answer(i), ApiError::Invalid(errors)) => ApiError::Invalid(
            errors
                .into_iter()
                .map(|e| FieldError {
                    field: format!("answers[{i}].{}", e.field),
                    ..e
                })
                .collect(),
        ),
        (Which::Answer(i), ApiError::Conflict(e)) => ApiError::Conflict(FieldError {
            field: format!("answers[{i}].answer"),
            ..e
        }),
        (Which::Publish | Which::Report, ApiError::Conflict(e)) => ApiError::Conflict(FieldError {
            field: "status".into(),
            ..e
        }),
        (_, e) => e,
    };
    let (status, errors) = form_refusal(err, v.lang, &[])?;
    let c = load(state, v, slug, id).await?;
    let page = page(state, v, c, errors, t, String::new()).await?;
    Ok((status, page).into_response())
}

/// The officer publishes the draft.
pub async fn publish(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let c = load(&state, &v, &slug, &id).await?;
    match publish_consultation(&state, &user, &c).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/{slug}/konsultacje/{id}?komunikat=publikacja")).into_response(),
        ),
        Err(err) => {
            let t = Typed {
                which: Which::Publish,
                ..Default::default()
            };
            refused(&state, &v, &slug, &id, err, t).await
        }
    }
}

/// A logged-in visitor comments.
pub async fn comment(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let c = load(&state, &v, &slug, &id).await?;
    let t = Typed {
        which: Which::Comment,
        body: field(&pairs, "body"),
        public: field(&pairs, "public") == "1",
        organisation_id: field(&pairs, "organisation_id"),
        ..Default::default()
    };
    let org = Some(t.organisation_id.as_str()).filter(|o| !o.is_empty());
    match add_comment(&state, &user, &c, &t.body, t.public, org).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/{slug}/konsultacje/{id}?komunikat=uwaga#uwagi"))
                .into_response(),
        ),
        Err(err) => refused(&state, &v, &slug, &id, err, t).await,
    }
}

/// The officer answers one comment.
pub async fn answer(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id, comment_id)): Path<(String, String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let c = load(&state, &v, &slug, &id).await?;
    let Some(index) = c.comments.iter().position(|x| x.comment.id == comment_id) else {
        return Err(PageError::NotFound(v.lang));
    };
    let t = Typed {
        which: Which::Answer(index),
        answer: field(&pairs, "answer"),
        text: field(&pairs, "text"),
        ..Default::default()
    };
    match answer_comment(&state, &user, &c, &comment_id, &t.answer, &t.text).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/{slug}/konsultacje/{id}?komunikat=odpowiedz#uwaga-{}",
            index + 1
        ))
        .into_response()),
        Err(err) => refused(&state, &v, &slug, &id, err, t).await,
    }
}

/// The officer publishes the report.
pub async fn report(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let c = load(&state, &v, &slug, &id).await?;
    let summary = field(&pairs, "summary");
    match publish_report(&state, &user, &c, Some(&summary)).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/{slug}/konsultacje/{id}?komunikat=raport#raport"))
                .into_response(),
        ),
        Err(err) => {
            let t = Typed {
                which: Which::Report,
                summary,
                ..Default::default()
            };
            refused(&state, &v, &slug, &id, err, t).await
        }
    }
}

/// The report as CSV, once published.
pub async fn report_csv(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let c = load(&state, &v, &slug, &id).await?;
    if c.c.report_published_at.is_none() {
        return Err(PageError::NotFound(v.lang));
    }
    let bytes = csv_bytes(&c, v.lang).map_err(|e| page_error(e, v.lang))?;
    Ok(attachment(bytes, CSV, &report_filename(&c)))
}

/// The uploaded document.
pub async fn document(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let c = load(&state, &v, &slug, &id).await?;
    file_response(
        &state,
        "consultation",
        &c.c.id,
        c.c.document_file_id.as_deref(),
    )
    .await
    .map_err(|e| page_error(e, v.lang))
}
