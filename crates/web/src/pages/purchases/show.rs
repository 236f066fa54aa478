//! A purchase's page (officers and the supplier's representatives): the facts, the kind's
//! yearly sum against the threshold, expected and achieved outcomes, and the forms for the
//! next step — the supplier's report, the officer's acceptance or rejection, the payment.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::purchases::{PurchaseStatus, THRESHOLD_NET, percent_of_threshold};
use domain::time::format_date;
use store::purchases::PurchaseView;

use super::{field, form_refusal, level_label};
use crate::AppState;
use crate::api::purchases::export::attachment;
use crate::api::purchases::permissions::{can_manage, can_report};
use crate::api::purchases::protocol::{protocol_filename, protocol_pdf};
use crate::api::purchases::{decide as decide_purchase, pay as pay_purchase, submit_report};
use crate::api::purchases::{threshold_note, visible_purchase};
use crate::auth::Visitor;
use crate::error::ApiError;
use crate::pages::{Chrome, FormErrors, PageError, require_user, when};

pub struct OutcomeRow {
    pub index: usize,
    /// The field name of its report input (`achieved[i]`).
    pub field: String,
    pub expected: String,
    pub achieved: Option<String>,
    /// What the report form shows in this row.
    pub value: String,
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
    Report,
    Decision,
    Payment,
}

/// What the visitor typed into the form that came back with errors.
#[derive(Default)]
pub struct Typed {
    pub which: Which,
    pub achieved: Vec<String>,
    pub comment: String,
    pub result: String,
    pub reason: String,
    pub paid_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "purchase.html")]
pub struct ShowPage {
    c: Chrome,
    v: PurchaseView,
    status_label: String,
    activity: String,
    ordered_on: String,
    period: String,
    net: String,
    gross: String,
    year_sum: String,
    percent: i64,
    threshold: String,
    level: String,
    warning: Option<String>,
    outcomes: Vec<OutcomeRow>,
    reported_at: Option<String>,
    decided_at: Option<String>,
    paid_on: Option<String>,
    saved: bool,
    show_report_form: bool,
    show_decision_form: bool,
    show_payment_form: bool,
    protocol: bool,
    errors: FormErrors,
    t: Typed,
    history: Vec<HistoryRow>,
}

impl ShowPage {
    fn errors_for(&self, which: Which) -> bool {
        self.t.which == which && !self.errors.is_empty()
    }
    fn is_rejected(&self) -> bool {
        self.v.status == PurchaseStatus::Rejected
    }
}

async fn page(
    state: &AppState,
    visitor: &Visitor,
    v: PurchaseView,
    errors: FormErrors,
    t: Typed,
    saved: bool,
) -> Result<ShowPage, PageError> {
    let lang = visitor.lang;
    let user = visitor.user.as_ref();
    let officer = user.is_some_and(|u| can_manage(u, &v.purchase.municipality_id));
    let supplier = user.is_some_and(|u| can_report(u, &v));
    let year = i16::try_from(v.purchase.financial_year).unwrap_or_default();
    let outcomes = v
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, e)| OutcomeRow {
            index: i,
            field: format!("achieved[{i}]"),
            expected: e.clone(),
            achieved: v.achieved.as_ref().and_then(|a| a.get(i).cloned()),
            value: t.achieved.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    let history = store::audit::for_subject(&state.db, "purchase", &v.purchase.id)
        .await?
        .into_iter()
        .map(|e| HistoryRow {
            when: when(e.at, lang),
            what: crate::i18n::t(
                lang,
                &format!("purchase-history-{}", e.action.replace("purchase.", "")),
            ),
        })
        .collect();
    let title = format!(
        "{}: {} — {}",
        crate::i18n::t(lang, "purchase-title"),
        v.kind.name,
        v.supplier_name
    );
    let mut c = Chrome::titled(visitor, title).await;
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    Ok(ShowPage {
        c,
        status_label: v.status.label(lang).to_string(),
        activity: v.activity.label(lang).to_string(),
        ordered_on: format_date(v.ordered_on, lang),
        period: format!(
            "{} – {}",
            format_date(v.start_date, lang),
            format_date(v.end_date, lang)
        ),
        net: v.net.to_polish(),
        gross: v.gross.to_polish(),
        year_sum: v.year_sum.to_polish(),
        percent: percent_of_threshold(v.year_sum),
        threshold: THRESHOLD_NET.to_polish(),
        level: level_label(v.year_sum, lang),
        warning: threshold_note(&v.kind, year, v.year_sum, lang),
        outcomes,
        reported_at: v.purchase.reported_at.map(|us| when(us, lang)),
        decided_at: v.purchase.decided_at.map(|us| when(us, lang)),
        paid_on: v.paid_on.map(|d| format_date(d, lang)),
        saved,
        show_report_form: supplier && v.status.can_report(),
        show_decision_form: officer && v.status.can_decide(),
        show_payment_form: officer && v.status.can_pay() && v.paid_on.is_none(),
        protocol: v.status == PurchaseStatus::Accepted,
        errors,
        t,
        history,
        v,
    })
}

async fn load(state: &AppState, visitor: &Visitor, id: &str) -> Result<PurchaseView, PageError> {
    let user = require_user(visitor)?;
    visible_purchase(state, Some(user), id)
        .await
        .map_err(|e| match e {
            ApiError::NotFound => PageError::NotFound(visitor.lang),
            other => PageError::Internal(format!("{other:?}")),
        })
}

/// `/mikrozakupy/{id}`.
pub async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<ShowPage, PageError> {
    let v = load(&state, &visitor, &id).await?;
    page(
        &state,
        &visitor,
        v,
        FormErrors::default(),
        Typed::default(),
        q.contains_key("zapisano"),
    )
    .await
}

/// Shows the page again with the refusal of one of its forms.
async fn refused(
    state: &AppState,
    visitor: &Visitor,
    id: &str,
    err: ApiError,
    t: Typed,
) -> Result<Response, PageError> {
    let (status, errors) = form_refusal(err, visitor.lang, &[])?;
    let v = load(state, visitor, id).await?;
    let page = page(state, visitor, v, errors, t, false).await?;
    Ok((status, page).into_response())
}

/// The supplier's report of the outcomes achieved.
pub async fn report(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&visitor)?.clone();
    let v = load(&state, &visitor, &id).await?;
    let achieved: Vec<String> = (0..v.outcomes.len())
        .map(|i| field(&pairs, &format!("achieved_{i}")))
        .collect();
    let comment = field(&pairs, "comment");
    match submit_report(&state, &user, &v, &achieved, Some(&comment)).await {
        Ok(()) => Ok(Redirect::to(&format!("/mikrozakupy/{id}")).into_response()),
        Err(err) => {
            let t = Typed {
                which: Which::Report,
                achieved,
                comment,
                ..Default::default()
            };
            refused(&state, &visitor, &id, err, t).await
        }
    }
}

/// The officer's acceptance or rejection.
pub async fn decide(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&visitor)?.clone();
    let v = load(&state, &visitor, &id).await?;
    let (result, reason) = (field(&pairs, "result"), field(&pairs, "reason"));
    match decide_purchase(&state, &user, &v, Some(&result), Some(&reason)).await {
        Ok(()) => Ok(Redirect::to(&format!("/mikrozakupy/{id}")).into_response()),
        Err(err) => {
            let t = Typed {
                which: Which::Decision,
                result,
                reason,
                ..Default::default()
            };
            refused(&state, &visitor, &id, err, t).await
        }
    }
}

/// The officer records the payment.
pub async fn pay(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&visitor)?.clone();
    let v = load(&state, &visitor, &id).await?;
    let paid_on = field(&pairs, "paid_on");
    match pay_purchase(&state, &user, &v, &paid_on).await {
        Ok(()) => Ok(Redirect::to(&format!("/mikrozakupy/{id}")).into_response()),
        Err(err) => {
            let t = Typed {
                which: Which::Payment,
                paid_on,
                ..Default::default()
            };
            refused(&state, &visitor, &id, err, t).await
        }
    }
}

/// The acceptance protocol (PDF) for the officers and the supplier.
pub async fn protocol(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let v = load(&state, &visitor, &id).await?;
    match protocol_pdf(&state, &v).await {
        Ok(bytes) => Ok(attachment(bytes, "application/pdf", &protocol_filename(&v))),
        Err(ApiError::Conflict(_)) => Err(PageError::NotFound(visitor.lang)),
        Err(other) => Err(PageError::Internal(format!("{other:?}"))),
    }
}
