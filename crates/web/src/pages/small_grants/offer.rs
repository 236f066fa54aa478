//! An offer's page: public once published, with its statutory dates, budget, expected results and
//! comments; the comment form for logged-in visitors during the comment period; the officer's
//! publication and decision forms.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::small_grants::{OfferStatus, task_days};
use domain::time::format_date;
use store::small_grants::OfferView;

use super::date_or_dash;
use crate::AppState;
use crate::api::purchases::export::attachment;
use crate::api::small_grants::agreement::{agreement_filename, agreement_pdf};
use crate::api::small_grants::permissions::{can_manage, can_see_agreement};
use crate::api::small_grants::{add_comment, decide_offer, publish_offer, visible_offer};
use crate::auth::Visitor;
use crate::error::ApiError;
use crate::pages::purchases::{field, form_refusal};
use crate::pages::{Chrome, FormErrors, PageError, require_user, urlencode, when};

pub struct CommentRow {
    pub author: String,
    pub when: String,
    pub body: String,
}

pub struct LineRow {
    pub name: String,
    pub amount: String,
}

pub struct HistoryRow {
    pub when: String,
    pub what: String,
}

/// Which form on the page the errors belong to.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Which {
    #[default]
    None,
    Publish,
    Comment,
    Decision,
}

/// What the visitor typed into the form that came back with errors.
#[derive(Default)]
pub struct Typed {
    pub which: Which,
    pub body: String,
    pub result: String,
    pub reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "small_grant.html")]
pub struct OfferPage {
    c: Chrome,
    o: OfferView,
    status_label: String,
    amount: String,
    period: String,
    days: i64,
    received_at: String,
    publish_by: String,
    published_on: String,
    comments_until: String,
    decision_from: String,
    budget: Vec<LineRow>,
    comments: Vec<CommentRow>,
    comments_open: bool,
    logged_in: bool,
    login_href: String,
    officer: bool,
    can_publish: bool,
    publish_too_late: bool,
    can_decide: bool,
    decided: bool,
    agreement: bool,
    submitted_notice: bool,
    errors: FormErrors,
    t: Typed,
    history: Vec<HistoryRow>,
}

impl OfferPage {
    fn errors_for(&self, which: Which) -> bool {
        self.t.which == which && !self.errors.is_empty()
    }
    fn is_refused(&self) -> bool {
        self.o.status == OfferStatus::Refused
    }
}

async fn page(
    state: &AppState,
    v: &Visitor,
    o: OfferView,
    errors: FormErrors,
    t: Typed,
    submitted_notice: bool,
) -> Result<OfferPage, PageError> {
    let lang = v.lang;
    let user = v.user.as_ref();
    let today = store::small_grants::warsaw_date(state.now());
    let officer = user.is_some_and(|u| can_manage(u, &o.offer.municipality_id));
    let s = o.schedule;
    let history = store::audit::for_subject(&state.db, "small_grant", &o.offer.id)
        .await?
        .into_iter()
        .filter(|e| officer || e.action != "small_grant.comment")
        .map(|e| HistoryRow {
            when: when(e.at, lang),
            what: crate::i18n::t(
                lang,
                &format!(
                    "small-grant-history-{}",
                    e.action.replace("small_grant.", "")
                ),
            ),
        })
        .collect();
    let status = o.status;
    // Every form here is for logged-in visitors, whose pages always carry a CSRF token.
    let mut c = Chrome::titled(v, o.offer.title.clone()).await;
    let comments_open = status == OfferStatus::Published && s.comments_open_on(today);
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    Ok(OfferPage {
        c,
        status_label: status.label(lang).to_string(),
        amount: o.amount.to_polish(),
        period: format!(
            "{} – {}",
            format_date(o.start_date, lang),
            format_date(o.end_date, lang)
        ),
        days: task_days(o.start_date, o.end_date),
        received_at: when(o.offer.received_at, lang),
        publish_by: format_date(s.publish_by, lang),
        published_on: date_or_dash(s.published_on, lang),
        comments_until: date_or_dash(s.comments_until, lang),
        decision_from: date_or_dash(s.decision_from, lang),
        budget: o
            .budget_lines
            .iter()
            .map(|l| LineRow {
                name: l.name.clone(),
                amount: l.amount.to_polish(),
            })
            .collect(),
        comments: o
            .comments
            .iter()
            .map(|c| CommentRow {
                author: c.author_name.clone(),
                when: when(c.created_at, lang),
                body: c.body.clone(),
            })
            .collect(),
        comments_open,
        logged_in: user.is_some(),
        login_href: format!(
            "/logowanie?powrot={}",
            urlencode(&format!("/male-granty/{}", o.offer.id))
        ),
        officer,
        can_publish: officer && status == OfferStatus::Submitted && s.may_publish_on(today),
        publish_too_late: officer && status == OfferStatus::Submitted && today > s.publish_by,
        can_decide: officer
            && (status == OfferStatus::Submitted
                || (status == OfferStatus::Published && s.may_decide_on(today))),
        decided: matches!(status, OfferStatus::Granted | OfferStatus::Refused),
        agreement: status == OfferStatus::Granted && can_see_agreement(user, &o),
        submitted_notice,
        errors,
        t,
        history,
        o,
    })
}

async fn load(state: &AppState, v: &Visitor, id: &str) -> Result<OfferView, PageError> {
    visible_offer(state, v.user.as_ref(), id)
        .await
        .map_err(|e| match e {
            ApiError::NotFound => PageError::NotFound(v.lang),
            other => PageError::Internal(format!("{other:?}")),
        })
}

/// `/male-granty/{id}`.
pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<OfferPage, PageError> {
    let o = load(&state, &v, &id).await?;
    page(
        &state,
        &v,
        o,
        FormErrors::default(),
        Typed::default(),
        q.contains_key("zlozono"),
    )
    .await
}

async fn refused(
    state: &AppState,
    v: &Visitor,
    id: &str,
    err: ApiError,
    t: Typed,
) -> Result<Response, PageError> {
    let (status, errors) = form_refusal(err, v.lang, &[])?;
    let o = load(state, v, id).await?;
    let page = page(state, v, o, errors, t, false).await?;
    Ok((status, page).into_response())
}

/// The officer publishes the offer.
pub async fn publish(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let o = load(&state, &v, &id).await?;
    match publish_offer(&state, &user, &o).await {
        Ok(()) => Ok(Redirect::to(&format!("/male-granty/{id}")).into_response()),
        Err(err) => {
            let t = Typed {
                which: Which::Publish,
                ..Default::default()
            };
            refused(&state, &v, &id, err, t).await
        }
    }
}

/// A logged-in visitor comments.
pub async fn comment(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let o = load(&state, &v, &id).await?;
    let body = field(&pairs, "body");
    match add_comment(&state, &user, &o, &body).await {
        Ok(_) => Ok(Redirect::to(&format!("/male-granty/{id}#uwagi")).into_response()),
        Err(err) => {
            let t = Typed {
                which: Which::Comment,
                body,
                ..Default::default()
            };
            refused(&state, &v, &id, err, t).await
        }
    }
}

/// The officer decides.
pub async fn decide(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let o = load(&state, &v, &id).await?;
    let (result, reason) = (field(&pairs, "result"), field(&pairs, "reason"));
    match decide_offer(&state, &user, &o, Some(&result), Some(&reason)).await {
        Ok(()) => Ok(Redirect::to(&format!("/male-granty/{id}")).into_response()),
        Err(err) => {
            let t = Typed {
                which: Which::Decision,
                result,
                reason,
                ..Default::default()
            };
            refused(&state, &v, &id, err, t).await
        }
    }
}

/// The agreement (PDF) of a granted offer, for its organisation and the officers.
pub async fn agreement(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?;
    let o = load(&state, &v, &id).await?;
    if !can_see_agreement(Some(user), &o) {
        return Err(PageError::NotFound(v.lang));
    }
    match agreement_pdf(&state, &o).await {
        Ok(bytes) => Ok(attachment(
            bytes,
            "application/pdf",
            &agreement_filename(&o),
        )),
        Err(ApiError::Conflict(_)) => Err(PageError::NotFound(v.lang)),
        Err(other) => Err(PageError::Internal(format!("{other:?}"))),
    }
}
