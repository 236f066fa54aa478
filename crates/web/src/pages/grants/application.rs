//! The application: starting it, the draft form, the receipt, and everything that follows on one
//! page (formal check, declaration and scoring, agreement, report), shown by role.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::organisations::OrganisationKind;
use domain::{FieldError, Grosze};
use store::accounts::User;
use store::grants::{ApplicationFields, ReportInput};

use super::{date, outcome_label, zl};
use crate::AppState;
use crate::api::grants::{
    Parse, agreements as api_ag, applications as api_app, evaluation as api_ev, is_officer,
    is_representative, visible_call,
};
use crate::auth::Visitor;
use crate::error::ApiError;
use crate::pages::{Chrome, FormErrors, PageError, require_user, when};

/// Budget rows the form offers (blank rows are skipped).
const LINE_ROWS: usize = 8;

fn field_errors(e: ApiError) -> Result<Vec<FieldError>, PageError> {
    match e {
        ApiError::Invalid(errors) => Ok(errors),
        ApiError::Conflict(e) => Ok(vec![e]),
        ApiError::NotFound => Err(PageError::NotFound(domain::Lang::Pl)),
        ApiError::Forbidden => Ok(vec![FieldError::with_messages(
            "",
            "Nie masz uprawnień do tej czynności.",
            "You are not allowed to do this.",
        )]),
        other => Err(PageError::Internal(format!("{other:?}"))),
    }
}

pub struct OrgChoice {
    pub id: String,
    pub name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants/start.html")]
pub struct StartPage {
    c: Chrome,
    errors: FormErrors,
    call_id: String,
    call_title: String,
    orgs: Vec<OrgChoice>,
}

async fn start_page(
    state: &AppState,
    v: &Visitor,
    user: &User,
    call_id: &str,
    errors: Vec<FieldError>,
) -> Result<StartPage, PageError> {
    let cv = visible_call(state, call_id, Some(user))
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    let kinds = cv.applicant_kinds();
    let orgs = store::organisations::of_user(&state.db, &user.id)
        .await?
        .into_iter()
        .filter(|o| {
            o.municipality_id == cv.call.municipality_id
                && OrganisationKind::parse(&o.kind).is_some_and(|k| kinds.contains(&k))
        })
        .map(|o| OrgChoice {
            id: o.id,
            name: o.name,
        })
        .collect();
    Ok(StartPage {
        c: Chrome::form(v, "mg-start-title").await,
        errors: FormErrors::new(&errors, v.lang),
        call_id: call_id.to_string(),
        call_title: cv.call.title,
        orgs,
    })
}

pub async fn start_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(call_id): Path<String>,
) -> Result<StartPage, PageError> {
    let user = require_user(&v)?.clone();
    start_page(&state, &v, &user, &call_id, vec![]).await
}

#[derive(serde::Deserialize)]
pub struct StartForm {
    organisation_id: Option<String>,
}

pub async fn start(
    State(state): State<AppState>,
    v: Visitor,
    Path(call_id): Path<String>,
    Form(f): Form<StartForm>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    match api_app::start_application(
        &state,
        &user,
        &call_id,
        f.organisation_id.as_deref(),
        &ApplicationFields::default(),
    )
    .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/wnioski/{id}")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                start_page(&state, &v, &user, &call_id, errors).await?,
            )
                .into_response())
        }
    }
}

/// The values in the draft form.
#[derive(Default)]
pub struct AppForm {
    pub title: String,
    pub summary: String,
    pub place: String,
    pub need: String,
    pub target_group: String,
    pub activities: String,
    pub expected_results: String,
    pub start_date: String,
    pub end_date: String,
    pub requested_amount: String,
    pub own_money: String,
    pub own_in_kind: String,
    pub own_volunteer_hours: String,
    pub bank_account: String,
    pub lines: Vec<(usize, String, String)>,
}

pub struct AgreementBox {
    pub number: String,
    pub status: String,
    pub amount: String,
    pub report_due: String,
    pub return_due: String,
}

pub struct ReportRow {
    pub id: String,
    pub status: String,
    pub status_label: String,
    pub submitted: String,
    pub narrative: String,
    pub results_achieved: String,
    pub spent: String,
    pub returned: String,
    pub comment: String,
    pub files: Vec<(String, String)>,
    pub awaiting: bool,
}

pub struct CriterionField {
    pub index: usize,
    pub field: String,
    pub id: String,
    pub name: String,
    pub max_points: i32,
    pub value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants/application.html")]
pub struct AppPage {
    c: Chrome,
    errors: FormErrors,
    notice: String,
    id: String,
    call_id: String,
    call_title: String,
    municipality_name: String,
    org_name: String,
    status_label: String,
    closes: String,
    is_officer: bool,
    is_member: bool,
    declaration: Option<bool>,
    can_see: bool,
    can_edit: bool,
    f: AppForm,
    budget_total: String,
    confirmation_number: String,
    submitted_at: String,
    formal_result: String,
    formal_reason: String,
    /// What the formal-check form shows: the recorded result, or what was typed before an error.
    form_result: String,
    form_reason: String,
    outcome: String,
    awarded: String,
    can_formal_check: bool,
    can_prepare_agreement: bool,
    agreement: Option<AgreementBox>,
    can_report: bool,
    reports: Vec<ReportRow>,
    criteria: Vec<CriterionField>,
    my_comment: String,
    can_score: bool,
    scores_total: String,
}

/// Builds the page for whoever looks at it; `404` for those who may not.
async fn app_page(
    state: &AppState,
    v: &Visitor,
    user: &User,
    id: &str,
    errors: Vec<FieldError>,
    notice: &str,
    typed: Option<AppForm>,
) -> Result<AppPage, PageError> {
    let lang = v.lang;
    if !store::ids::looks_like_id(id) {
        return Err(PageError::NotFound(lang));
    }
    let view = store::grants::application_view(state.db.read(), id)
        .await?
        .ok_or(PageError::NotFound(lang))?;
    let a = &view.application;
    let is_rep = is_representative(state, &view.organisation.id, user)
        .await
        .map_err(|e| PageError::Internal(format!("{e:?}")))?;
    let officer = is_officer(user, &a.municipality_id);
    let is_member = view.is_submitted()
        && store::grants::is_committee_member(&state.db, &view.call.call.id, &user.id).await?;
    let declaration = if is_member {
        store::grants::declaration_of(&state.db, id, &user.id).await?
    } else {
        None
    };
    if !is_rep && !officer && !is_member {
        return Err(PageError::NotFound(lang));
    }
    let can_see = is_rep || officer || declaration == Some(false);
    let now = state.now();
    let open = now < view.call.closes_at();
    let f = typed.unwrap_or_else(|| {
        let mut lines: Vec<(usize, String, String)> = view
            .budget_lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                (
                    i,
                    l.name.clone(),
                    l.amount
                        .and_then(Grosze::from_grosze)
                        .map(|g| g.to_string().replace('.', ","))
                        .unwrap_or_default(),
                )
            })
            .collect();
        for i in lines.len()..LINE_ROWS {
            lines.push((i, String::new(), String::new()));
        }
        let money = |g: i64| if g == 0 { String::new() } else { zl_plain(g) };
        AppForm {
            title: a.title.clone(),
            summary: a.summary.clone(),
            place: a.place.clone(),
            need: a.need.clone(),
            target_group: a.target_group.clone(),
            activities: a.activities.clone(),
            expected_results: a.expected_results.clone(),
            start_date: a.start_date.clone().unwrap_or_default(),
            end_date: a.end_date.clone().unwrap_or_default(),
            requested_amount: a.requested_amount.map(zl_plain).unwrap_or_default(),
            own_money: money(a.own_money),
            own_in_kind: money(a.own_in_kind),
            own_volunteer_hours: if a.own_volunteer_hours == 0 {
                String::new()
            } else {
                a.own_volunteer_hours.to_string()
            },
            bank_account: a.bank_account.clone().unwrap_or_default(),
            lines,
        }
    });
    let outcome = store::grants::outcome_of(&state.db, id).await?;
    let agreement = store::grants::agreement_of(&state.db, id).await?;
    let mut reports = Vec::new();
    for r in store::grants::reports_of(&state.db, id).await? {
        let files = store::grants::files_of(&state.db, "report", &r.id)
            .await?
            .into_iter()
            .map(|(fid, name, _, _)| (fid, name))
            .collect();
        reports.push(ReportRow {
            status_label: crate::i18n::t(lang, &format!("mg-report-{}", r.status)),
            awaiting: r.status == "submitted",
            id: r.id,
            status: r.status,
            submitted: when(r.submitted_at, lang),
            narrative: r.narrative,
            results_achieved: r.results_achieved,
            spent: zl(r.amount_spent),
            returned: zl(r.amount_returned),
            comment: r.officer_comment.unwrap_or_default(),
            files,
        });
    }
    let report_open = reports
        .iter()
        .any(|r| r.status == "submitted" || r.status == "accepted");
    let mut criteria = Vec::new();
    let mut my_comment = String::new();
    let mut scores_total = String::new();
    if is_member && declaration == Some(false) {
        let sheets = store::grants::sheets_of(&state.db, id).await?;
        let mine = sheets.iter().find(|s| s.user_id == user.id);
        let points: BTreeMap<String, i64> = mine
            .map(|s| serde_json::from_str(&s.points).unwrap_or_default())
            .unwrap_or_default();
        my_comment = mine.map(|s| s.comment.clone()).unwrap_or_default();
        scores_total = mine.map(|s| s.total.to_string()).unwrap_or_default();
        criteria = view
            .call
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| CriterionField {
                index: i,
                field: format!("scores[{i}]"),
                id: c.id.clone(),
                name: c.name.clone(),
                max_points: c.max_points,
                value: points.get(&c.id).map(|p| p.to_string()).unwrap_or_default(),
            })
            .collect();
    }
    let results_published = view.call.results_published();
    Ok(AppPage {
        c: Chrome::form(v, "mg-application-title").await,
        errors: FormErrors::new(&errors, lang),
        notice: notice.to_string(),
        id: a.id.clone(),
        call_id: view.call.call.id.clone(),
        call_title: view.call.call.title.clone(),
        municipality_name: view.call.municipality.name.clone(),
        org_name: view.organisation.name.clone(),
        status_label: crate::i18n::t(lang, &format!("mg-status-{}", a.status)),
        closes: when(view.call.call.closes_at, lang),
        is_officer: officer,
        is_member,
        declaration,
        can_see,
        can_edit: is_rep && a.status == "draft" && open,
        budget_total: view.budget_total().to_polish(),
        confirmation_number: a.confirmation_number.clone().unwrap_or_default(),
        submitted_at: a.submitted_at.map(|t| when(t, lang)).unwrap_or_default(),
        formal_result: a.formal_result.clone().unwrap_or_default(),
        formal_reason: a.formal_reason.clone().unwrap_or_default(),
        form_result: a.formal_result.clone().unwrap_or_default(),
        form_reason: a.formal_reason.clone().unwrap_or_default(),
        outcome: outcome
            .map(|(o, _)| outcome_label(o.as_str(), lang))
            .unwrap_or_default(),
        awarded: outcome.map(|(_, g)| zl(g)).unwrap_or_default(),
        can_formal_check: officer && view.is_submitted() && !results_published,
        can_prepare_agreement: officer
            && matches!(outcome, Some((domain::grants::Outcome::Funded, _)))
            && agreement.as_ref().is_none_or(|a| a.status != "signed"),
        can_report: is_rep
            && agreement.as_ref().is_some_and(|a| a.status == "signed")
            && !report_open,
        agreement: agreement.map(|ag| AgreementBox {
            number: ag.number,
            status: crate::i18n::t(lang, &format!("mg-agreement-{}", ag.status)),
            amount: zl(ag.amount),
            report_due: date(&Some(ag.report_due), lang),
            return_due: date(&Some(ag.return_due), lang),
        }),
        reports,
        can_score: is_member
            && declaration == Some(false)
            && a.formal_result.as_deref() == Some("passed")
            && view.call.call.results_status == "none",
        criteria,
        my_comment,
        scores_total,
        f,
    })
}

/// "5000,00" for a form field (Polish decimal comma, no thousands separator).
fn zl_plain(g: i64) -> String {
    Grosze::from_grosze(g)
        .unwrap_or(Grosze::ZERO)
        .to_string()
        .replace('.', ",")
}

#[derive(serde::Deserialize)]
pub struct NoticeQuery {
    pub komunikat: Option<String>,
}

/// The confirmation shown after an action (only known codes are shown).
pub fn notice_text(code: Option<&str>, lang: domain::Lang) -> String {
    const KNOWN: &[&str] = &[
        "zapisano",
        "zlozono",
        "ocena-formalna",
        "oswiadczenie",
        "oceniono",
        "umowa",
        "sprawozdanie",
        "decyzja",
        "konflikt",
        "opublikowano",
        "komisja",
        "wyniki",
        "utworzono",
    ];
    match code {
        Some(c) if KNOWN.contains(&c) => crate::i18n::t(lang, &format!("mg-notice-{c}")),
        _ => String::new(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<NoticeQuery>,
) -> Result<AppPage, PageError> {
    let user = require_user(&v)?.clone();
    let notice = notice_text(q.komunikat.as_deref(), v.lang);
    app_page(&state, &v, &user, &id, vec![], &notice, None).await
}

async fn rerender(
    state: &AppState,
    v: &Visitor,
    user: &User,
    id: &str,
    errors: Vec<FieldError>,
    typed: Option<AppForm>,
) -> Result<Response, PageError> {
    rerender_keeping(state, v, user, id, errors, typed, |_| {}).await
}

/// Like [`rerender`], and `keep` puts back into the page what was typed in the form that failed.
async fn rerender_keeping(
    state: &AppState,
    v: &Visitor,
    user: &User,
    id: &str,
    errors: Vec<FieldError>,
    typed: Option<AppForm>,
    keep: impl FnOnce(&mut AppPage),
) -> Result<Response, PageError> {
    let mut page = app_page(state, v, user, id, errors, "", typed).await?;
    keep(&mut page);
    page.c.title = format!("{}: {}", page.c.t("form-has-errors-title"), page.c.title);
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Puts the typed points and comment back into the score sheet of a re-rendered page.
fn keep_scores(page: &mut AppPage, pairs: &[(String, String)]) {
    for cr in &mut page.criteria {
        if let Some((_, val)) = pairs
            .iter()
            .find(|(k, _)| k == &format!("points_{}", cr.id))
        {
            cr.value = val.clone();
        }
    }
    if let Some((_, c)) = pairs.iter().find(|(k, _)| k == "comment") {
        page.my_comment = c.clone();
    }
}

fn back(id: &str, notice: &str) -> Response {
    Redirect::to(&format!("/wnioski/{id}?komunikat={notice}")).into_response()
}

/// Reads the draft form: every value kept as typed, every format problem a field error.
fn read_form(pairs: &[(String, String)], p: &mut Parse) -> (AppForm, ApplicationFields) {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut lines = Vec::new();
    let mut parsed_lines = Vec::new();
    for i in 0..LINE_ROWS {
        let name = get(&format!("line_name_{i}"));
        let amount = get(&format!("line_amount_{i}"));
        if !name.trim().is_empty() || !amount.trim().is_empty() {
            parsed_lines.push((
                name.clone(),
                p.money_form(&format!("budget_lines[{i}].amount"), &amount),
            ));
        }
        lines.push((i, name, amount));
    }
    let f = AppForm {
        title: get("title"),
        summary: get("summary"),
        place: get("place"),
        need: get("need"),
        target_group: get("target_group"),
        activities: get("activities"),
        expected_results: get("expected_results"),
        start_date: get("start_date"),
        end_date: get("end_date"),
        requested_amount: get("requested_amount"),
        own_money: get("own_money"),
        own_in_kind: get("own_in_kind"),
        own_volunteer_hours: get("own_volunteer_hours"),
        bank_account: get("bank_account"),
        lines,
    };
    let hours = if f.own_volunteer_hours.trim().is_empty() {
        Some(0)
    } else {
        match f.own_volunteer_hours.trim().parse::<i32>() {
            Ok(h) if (0..=100_000).contains(&h) => Some(h),
            _ => {
                p.errors.push(FieldError::with_messages(
                    "own_volunteer_hours",
                    "Podaj liczbę godzin (0–100 000).",
                    "Give the number of hours (0–100,000).",
                ));
                None
            }
        }
    };
    let bank = f.bank_account.trim();
    let bank_account = if bank.is_empty() {
        Some(String::new())
    } else {
        domain::ids::PolishIban::parse(bank)
            .map(|i| i.as_str().to_string())
            .map_err(|e| p.errors.push(FieldError::new("bank_account", &e)))
            .ok()
    };
    let fields = ApplicationFields {
        title: p.text("title", Some(&f.title), 300),
        summary: p.text("summary", Some(&f.summary), store::grants::TEXT_MAX),
        place: p.text("place", Some(&f.place), 1000),
        need: p.text("need", Some(&f.need), store::grants::TEXT_MAX),
        target_group: p.text(
            "target_group",
            Some(&f.target_group),
            store::grants::TEXT_MAX,
        ),
        activities: p.text("activities", Some(&f.activities), store::grants::TEXT_MAX),
        expected_results: p.text(
            "expected_results",
            Some(&f.expected_results),
            store::grants::TEXT_MAX,
        ),
        start_date: p.date("start_date", Some(&f.start_date)),
        end_date: p.date("end_date", Some(&f.end_date)),
        requested_amount: p.money_form("requested_amount", &f.requested_amount),
        budget_lines: Some(parsed_lines),
        own_money: Some(
            p.money_form("own_money", &f.own_money)
                .unwrap_or(Grosze::ZERO),
        ),
        own_in_kind: Some(
            p.money_form("own_in_kind", &f.own_in_kind)
                .unwrap_or(Grosze::ZERO),
        ),
        own_volunteer_hours: hours,
        bank_account,
    };
    (f, fields)
}

/// Saves the draft ("Zapisz") or saves and submits ("Złóż wniosek").
pub async fn save(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    if let Err(e) = api_app::own_application(&state, &id, &user).await {
        field_errors(e)?;
        return Err(PageError::NotFound(v.lang));
    }
    let submit = pairs.iter().any(|(k, v)| k == "action" && v == "submit");
    let mut p = Parse::default();
    let (typed, fields) = read_form(&pairs, &mut p);
    // Save whatever is valid, so nothing typed is lost, then report the problems.
    let errors = std::mem::take(&mut p.errors);
    let mut fields = fields;
    if !errors.is_empty() {
        for e in &errors {
            if e.field.starts_with("budget_lines") {
                fields.budget_lines = None;
            }
        }
    }
    if let Err(e) = store::grants::update_application(&state.db, &id, &fields, state.now()).await {
        return rerender(
            &state,
            &v,
            &user,
            &id,
            field_errors(ApiError::from(e))?,
            Some(typed),
        )
        .await;
    }
    if !errors.is_empty() {
        return rerender(&state, &v, &user, &id, errors, Some(typed)).await;
    }
    if !submit {
        return Ok(back(&id, "zapisano"));
    }
    match crate::submit_queue::submit(&state, &id, &user.id).await {
        Ok(_) => Ok(back(&id, "zlozono")),
        Err(e) => rerender(&state, &v, &user, &id, field_errors(e)?, None).await,
    }
}

#[derive(serde::Deserialize)]
pub struct FormalForm {
    result: Option<String>,
    #[serde(default)]
    reason: String,
}

pub async fn formal_check(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<FormalForm>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    match api_app::do_formal_check(&state, &user, &id, f.result.as_deref(), &f.reason).await {
        Ok(()) => Ok(back(&id, "ocena-formalna")),
        Err(e) => {
            rerender_keeping(&state, &v, &user, &id, field_errors(e)?, None, |p| {
                p.form_result = f.result.clone().unwrap_or_default();
                p.form_reason = f.reason.clone();
            })
            .await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct DeclarationForm {
    conflict: Option<String>,
}

pub async fn declare(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<DeclarationForm>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let conflict = match f.conflict.as_deref() {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    };
    match api_ev::do_declare(&state, &user, &id, conflict).await {
        Ok(true) => Ok(Redirect::to("/ocena?komunikat=konflikt").into_response()),
        Ok(false) => Ok(back(&id, "oswiadczenie")),
        Err(e) => rerender(&state, &v, &user, &id, field_errors(e)?, None).await,
    }
}

/// The form field name of a criterion's points (`scores[i]`, as the score sheet's ids).
fn score_field(pairs: &[(String, String)], criterion_id: &str) -> String {
    let i = pairs
        .iter()
        .filter(|(k, _)| k.starts_with("points_"))
        .position(|(k, _)| k == &format!("points_{criterion_id}"))
        .unwrap_or(0);
    format!("scores[{i}]")
}

pub async fn score(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let mut map = BTreeMap::new();
    let mut errors = Vec::new();
    for (k, val) in &pairs {
        if let Some(cid) = k.strip_prefix("points_") {
            match val.trim().parse::<i64>() {
                Ok(p) => {
                    map.insert(cid.to_string(), p);
                }
                Err(_) if val.trim().is_empty() => {}
                Err(_) => errors.push(FieldError::with_messages(
                    score_field(&pairs, cid),
                    "Wpisz liczbę punktów.",
                    "Enter a number of points.",
                )),
            }
        }
    }
    if !errors.is_empty() {
        return rerender_keeping(&state, &v, &user, &id, errors, None, |p| {
            keep_scores(p, &pairs)
        })
        .await;
    }
    let comment = pairs
        .iter()
        .find(|(k, _)| k == "comment")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    match api_ev::do_score(&state, &user, &id, map, comment).await {
        Ok(_) => Ok(back(&id, "oceniono")),
        Err(e) => {
            rerender_keeping(&state, &v, &user, &id, field_errors(e)?, None, |p| {
                keep_scores(p, &pairs)
            })
            .await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct AgreementForm {
    #[serde(default)]
    bank_account: String,
    action: Option<String>,
}

pub async fn agreement(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<AgreementForm>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let result = if f.action.as_deref() == Some("sign") {
        match crate::api::grants::readable_application(&state, &id, &user).await {
            Ok(view) if is_officer(&user, &view.application.municipality_id) => {
                store::grants::sign_agreement(&state.db, &id, &user.id, state.now())
                    .await
                    .map(|_| ())
                    .map_err(ApiError::from)
            }
            Ok(_) => Err(ApiError::Forbidden),
            Err(e) => Err(e),
        }
    } else {
        api_ag::prepare(&state, &user, &id, Some(&f.bank_account))
            .await
            .map(|_| ())
    };
    match result {
        Ok(()) => Ok(back(&id, "umowa")),
        Err(e) => rerender(&state, &v, &user, &id, field_errors(e)?, None).await,
    }
}

pub async fn agreement_pdf(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let view = crate::api::grants::readable_application(&state, &id, &user)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    let ag = store::grants::agreement_of(&state.db, &id)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    let bytes = api_ag::agreement_pdf(&state, &view, &ag)
        .await
        .map_err(|e| PageError::Internal(format!("{e:?}")))?;
    Ok(api_ag::pdf_response(
        bytes,
        &format!("umowa-{}.pdf", ag.number.replace('/', "-")),
    ))
}

/// The final report, as a multipart form (photos and documents attached).
pub async fn report(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    mut mp: Multipart,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    loop {
        match mp.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                if name == "files" {
                    let filename = field.file_name().unwrap_or("").to_string();
                    let ct = field
                        .content_type()
                        .unwrap_or("application/octet-stream")
                        .to_string();
                    match field.bytes().await {
                        Ok(b) if !filename.is_empty() && !b.is_empty() => {
                            files.push((filename, ct, b.to_vec()))
                        }
                        Ok(_) => {}
                        Err(_) => errors.push(FieldError::with_messages(
                            "files",
                            "Nie udało się odebrać pliku (limit 5 MB).",
                            "The file could not be received (limit 5 MB).",
                        )),
                    }
                } else if let Ok(t) = field.text().await {
                    texts.insert(name, t);
                }
            }
            Ok(None) => break,
            Err(_) => {
                errors.push(FieldError::with_messages(
                    "files",
                    "Nie udało się odebrać formularza (łącznie do 2 MB na raz).",
                    "The form could not be received (up to 2 MB in total).",
                ));
                break;
            }
        }
    }
    let t = |k: &str| texts.get(k).cloned().unwrap_or_default();
    let mut p = Parse { errors };
    let mut costs = Vec::new();
    for i in 0..LINE_ROWS {
        let name = t(&format!("cost_name_{i}"));
        if name.trim().is_empty() {
            continue;
        }
        let planned = p
            .money_form(
                &format!("cost_planned_{i}"),
                &t(&format!("cost_planned_{i}")),
            )
            .unwrap_or(Grosze::ZERO);
        let actual = p
            .money_form(&format!("cost_actual_{i}"), &t(&format!("cost_actual_{i}")))
            .unwrap_or(Grosze::ZERO);
        costs.push((name, planned, actual));
    }
    let returned = p
        .money_form("amount_returned", &t("amount_returned"))
        .unwrap_or(Grosze::ZERO);
    if !p.errors.is_empty() {
        return rerender(&state, &v, &user, &id, p.errors, None).await;
    }
    let input = ReportInput {
        narrative: t("narrative"),
        results_achieved: t("results_achieved"),
        costs,
        amount_returned: returned,
        files,
    };
    match api_ag::submit_report(&state, &user, &id, input).await {
        Ok(_) => Ok(back(&id, "sprawozdanie")),
        Err(e) => rerender(&state, &v, &user, &id, field_errors(e)?, None).await,
    }
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    action: Option<String>,
    #[serde(default)]
    comment: String,
}

pub async fn decide_report(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, report_id)): Path<(String, String)>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let accept = f.action.as_deref() == Some("accept");
    match api_ag::decide(&state, &user, &report_id, accept, &f.comment).await {
        Ok(_) => Ok(back(&id, "decyzja")),
        Err(e) => rerender(&state, &v, &user, &id, field_errors(e)?, None).await,
    }
}

/// A report's attachment (for the representatives and officers of the application).
pub async fn file(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, file_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    crate::api::grants::readable_application(&state, &id, &user)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    if !store::ids::looks_like_id(&file_id) {
        return Err(PageError::NotFound(v.lang));
    }
    let f = store::grants::stored_file(&state.db, &file_id)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    let belongs = store::grants::reports_of(&state.db, &id)
        .await?
        .iter()
        .any(|r| r.id == f.owner_id);
    if !belongs {
        return Err(PageError::NotFound(v.lang));
    }
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, f.content_type),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", f.filename.replace('"', "")),
            ),
        ],
        f.content,
    )
        .into_response())
}

pub struct MyAppRow {
    pub id: String,
    pub title: String,
    pub org: String,
    pub status: String,
    pub number: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants/my_applications.html")]
pub struct MinePage {
    c: Chrome,
    rows: Vec<MyAppRow>,
}

pub async fn mine(State(state): State<AppState>, v: Visitor) -> Result<MinePage, PageError> {
    let user = require_user(&v)?.clone();
    let rows = store::grants::applications_of_user(&state.db, &user.id)
        .await?
        .into_iter()
        .map(|(a, o)| MyAppRow {
            title: if a.title.is_empty() {
                crate::i18n::t(v.lang, "mg-untitled")
            } else {
                a.title
            },
            status: crate::i18n::t(v.lang, &format!("mg-status-{}", a.status)),
            number: a.confirmation_number.unwrap_or_default(),
            id: a.id,
            org: o.name,
        })
        .collect();
    Ok(MinePage {
        c: Chrome::new(&v, "mg-mine-title").await,
        rows,
    })
}

pub struct MailRow {
    pub subject: String,
    pub body: String,
    pub at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants/mailbox.html")]
pub struct MailboxPage {
    c: Chrome,
    mails: Vec<MailRow>,
    email: String,
}

/// The user's mailbox: what the platform sent them (demo/development without an SMTP relay).
pub async fn mailbox(State(state): State<AppState>, v: Visitor) -> Result<MailboxPage, PageError> {
    let user = require_user(&v)?.clone();
    let mails = store::outbox::mailbox(&state.db, &user.email)
        .await?
        .into_iter()
        .map(|m| MailRow {
            subject: m.subject,
            body: m.body,
            at: when(m.created_at, v.lang),
        })
        .collect();
    Ok(MailboxPage {
        c: Chrome::new(&v, "mg-mailbox-title").await,
        mails,
        email: user.email,
    })
}
