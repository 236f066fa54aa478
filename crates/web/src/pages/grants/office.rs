//! The officer's pages (programmes, calls, call management) and the evaluator's list.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::FieldError;
use domain::accounts::Role;
use domain::grants::{CallInput, CriterionInput};
use store::accounts::User;

use super::application::{NoticeQuery, notice_text};
use super::{outcome_label, phase_label, zl};
use crate::AppState;
use crate::api::grants::{Parse, is_officer, programmes as api_prog, visible_call};
use crate::auth::Visitor;
use crate::error::ApiError;
use crate::pages::{Chrome, FormErrors, PageError, require_user, when};

fn errors_of(e: ApiError) -> Result<Vec<FieldError>, PageError> {
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

pub struct ProgrammeRow {
    pub id: String,
    pub name: String,
    pub year: i32,
    pub budget: String,
    pub left: String,
}

pub struct OfficeCallRow {
    pub id: String,
    pub title: String,
    pub status: String,
    pub closes: String,
}

/// Values typed into the office forms (kept after errors).
#[derive(Default)]
pub struct OfficeForm {
    pub name: String,
    pub year: String,
    pub budget: String,
    pub programme_id: String,
    pub title: String,
    pub rules: String,
    pub opens_at: String,
    pub closes_at: String,
    pub min_grant: String,
    pub max_grant: String,
    pub call_budget: String,
    pub ngo: bool,
    pub group: bool,
    pub criteria: Vec<(usize, String, String)>,
    pub min_evaluators: String,
    pub min_average_percent: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants/office.html")]
pub struct OfficePage {
    c: Chrome,
    errors: FormErrors,
    notice: String,
    slug: String,
    municipality_name: String,
    programmes: Vec<ProgrammeRow>,
    calls: Vec<OfficeCallRow>,
    f: OfficeForm,
    /// The cooperation programme cycle's deadlines (a separate panel).
    cooperation: crate::pages::consultations::CyclePanel,
}

impl OfficePage {
    fn programme_selected(&self, id: &str) -> bool {
        self.f.programme_id == id
    }
}

async fn office_page(
    state: &AppState,
    v: &Visitor,
    user: &User,
    slug: &str,
    errors: Vec<FieldError>,
    notice: String,
    f: Option<OfficeForm>,
) -> Result<OfficePage, PageError> {
    let m = store::municipalities::by_slug(&state.db, slug)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    if !is_officer(user, &m.id) {
        return Err(PageError::NotFound(v.lang));
    }
    let mut programmes = Vec::new();
    for p in store::grants::programmes_of(&state.db, &m.id).await? {
        let left = store::grants::programme_left(state.db.read(), &p).await?;
        programmes.push(ProgrammeRow {
            id: p.id,
            name: p.name,
            year: p.year,
            budget: zl(p.budget),
            left: left.to_polish(),
        });
    }
    let calls = store::grants::calls_of(&state.db, &m.id, false)
        .await?
        .into_iter()
        .map(|c| OfficeCallRow {
            status: crate::i18n::t(v.lang, &format!("mg-call-{}", c.status)),
            id: c.id,
            title: c.title,
            closes: when(c.closes_at, v.lang),
        })
        .collect();
    let f = f.unwrap_or_else(|| OfficeForm {
        ngo: true,
        group: true,
        criteria: (0..5).map(|i| (i, String::new(), String::new())).collect(),
        min_evaluators: "2".into(),
        min_average_percent: "60".into(),
        ..Default::default()
    });
    let cooperation =
        crate::pages::consultations::cycle_panel(state, &m.id, &m.slug, v.lang).await?;
    Ok(OfficePage {
        cooperation,
        c: Chrome::form(v, "mg-office-title").await,
        errors: FormErrors::new(&errors, v.lang),
        notice,
        slug: slug.to_string(),
        municipality_name: m.name,
        programmes,
        calls,
        f,
    })
}

pub async fn office(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<OfficePage, PageError> {
    let user = require_user(&v)?.clone();
    let notice = notice_text(q.komunikat.as_deref(), v.lang);
    office_page(&state, &v, &user, &slug, vec![], notice, None).await
}

fn read_office_form(pairs: &[(String, String)]) -> OfficeForm {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    OfficeForm {
        name: get("name"),
        year: get("year"),
        budget: get("budget"),
        programme_id: get("programme_id"),
        title: get("title"),
        rules: get("rules"),
        opens_at: get("opens_at"),
        closes_at: get("closes_at"),
        min_grant: get("min_grant"),
        max_grant: get("max_grant"),
        call_budget: get("call_budget"),
        ngo: !get("kind_ngo").is_empty(),
        group: !get("kind_group").is_empty(),
        criteria: (0..5)
            .map(|i| {
                (
                    i,
                    get(&format!("criterion_name_{i}")),
                    get(&format!("criterion_max_{i}")),
                )
            })
            .collect(),
        min_evaluators: get("min_evaluators"),
        min_average_percent: get("min_average_percent"),
    }
}

pub async fn create_programme(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let m = store::municipalities::by_slug(&state.db, &slug)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    let f = read_office_form(&pairs);
    let mut p = Parse::default();
    let budget = p.money_form("budget", &f.budget);
    let year = f.year.trim().parse::<i64>().ok();
    match api_prog::new_programme(
        &state,
        &user,
        &m.id,
        Some(&f.name),
        Some("microgrants"),
        year,
        budget,
        p,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/{slug}/urzad?komunikat=utworzono")).into_response()),
        Err(e) => {
            let errors = errors_of(e)?;
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                office_page(&state, &v, &user, &slug, errors, String::new(), Some(f)).await?,
            )
                .into_response())
        }
    }
}

pub async fn create_call(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let f = read_office_form(&pairs);
    let mut p = Parse::default();
    let mut kinds = Vec::new();
    if f.ngo {
        kinds.push("ngo".to_string());
    }
    if f.group {
        kinds.push("informal_group".to_string());
    }
    let mut criteria = Vec::new();
    for (i, name, max) in &f.criteria {
        if name.trim().is_empty() && max.trim().is_empty() {
            continue;
        }
        let max_points = max.trim().parse::<i64>().ok();
        if max_points.is_none() {
            p.errors.push(FieldError::with_messages(
                format!("criteria[{i}].max_points"),
                "Podaj maksymalną liczbę punktów.",
                "Give the maximum points.",
            ));
        }
        criteria.push(CriterionInput {
            name: name.clone(),
            max_points: max_points.or(Some(0)),
        });
    }
    let input = CallInput {
        title: f.title.clone(),
        rules: f.rules.clone(),
        opens_at: p.local_instant("opens_at", &f.opens_at),
        closes_at: p.local_instant("closes_at", &f.closes_at),
        min_grant: p.money_form("min_grant", &f.min_grant),
        max_grant: p.money_form("max_grant", &f.max_grant),
        budget: p.money_form("call_budget", &f.call_budget),
        applicant_kinds: kinds,
        criteria,
        min_evaluators: f.min_evaluators.trim().parse().ok(),
        min_average_percent: f.min_average_percent.trim().parse().ok(),
    };
    match api_prog::new_call(&state, &user, &f.programme_id, input, p).await {
        Ok(id) => Ok(
            Redirect::to(&format!("/nabory/{id}/zarzadzanie?komunikat=utworzono")).into_response(),
        ),
        Err(e) => {
            let errors = errors_of(e)?
                .into_iter()
                .map(|mut e| {
                    if e.field == "budget" {
                        e.field = "call_budget".into();
                    }
                    e
                })
                .collect();
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                office_page(&state, &v, &user, &slug, errors, String::new(), Some(f)).await?,
            )
                .into_response())
        }
    }
}

pub struct AppRow {
    pub id: String,
    pub title: String,
    pub org: String,
    pub status: String,
    pub formal: String,
    pub amount: String,
    pub number: String,
    pub submitted: String,
}

pub struct EvaluatorChoice {
    pub id: String,
    pub name: String,
    pub checked: bool,
}

pub struct ProgressRow {
    pub id: String,
    pub title: String,
    pub org: String,
    pub sheets: usize,
    pub members: Vec<(String, String)>,
}

pub struct PreviewRow {
    pub rank: String,
    pub applicant: String,
    pub title: String,
    pub average: String,
    pub awarded: String,
    pub outcome: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants/manage.html")]
pub struct ManagePage {
    c: Chrome,
    errors: FormErrors,
    notice: String,
    id: String,
    title: String,
    slug: String,
    status: String,
    phase: String,
    is_draft: bool,
    results_status: String,
    apps: Vec<AppRow>,
    evaluators: Vec<EvaluatorChoice>,
    progress: Vec<ProgressRow>,
    min_evaluators: i32,
    preview: Vec<PreviewRow>,
    awarded_total: String,
    budget: String,
}

async fn manage_page(
    state: &AppState,
    v: &Visitor,
    user: &User,
    id: &str,
    errors: Vec<FieldError>,
    notice: String,
) -> Result<ManagePage, PageError> {
    let cv = visible_call(state, id, Some(user))
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    if !is_officer(user, &cv.call.municipality_id) {
        return Err(PageError::NotFound(v.lang));
    }
    let lang = v.lang;
    let apps = store::grants::applications_of_call(&state.db, id)
        .await?
        .into_iter()
        .map(|(a, o)| AppRow {
            status: crate::i18n::t(lang, &format!("mg-status-{}", a.status)),
            formal: a
                .formal_result
                .as_deref()
                .map(|r| crate::i18n::t(lang, &format!("mg-formal-{r}")))
                .unwrap_or_else(|| "—".into()),
            amount: a.requested_amount.map(zl).unwrap_or_else(|| "—".into()),
            number: a.confirmation_number.unwrap_or_default(),
            submitted: a
                .submitted_at
                .map(|t| when(t, lang))
                .unwrap_or_else(|| "—".into()),
            id: a.id,
            title: a.title,
            org: o.name,
        })
        .collect();
    let committee: Vec<String> = store::grants::committee(&state.db, id)
        .await?
        .into_iter()
        .map(|(uid, _)| uid)
        .collect();
    let evaluators = store::accounts::users_with_role(
        &state.db,
        &cv.call.municipality_id,
        &[Role::Evaluator, Role::Officer],
    )
    .await?
    .into_iter()
    .map(|(uid, name)| EvaluatorChoice {
        checked: committee.contains(&uid),
        id: uid,
        name,
    })
    .collect();
    let progress = store::grants::progress(&state.db, id)
        .await?
        .into_iter()
        .map(|p| ProgressRow {
            id: p.application_id,
            title: p.title,
            org: p.organisation_name,
            sheets: p.sheets,
            members: p
                .members
                .into_iter()
                .map(|(name, decl, scored)| {
                    let state = match (decl, scored) {
                        (None, _) => crate::i18n::t(lang, "mg-progress-undeclared"),
                        (Some(true), _) => crate::i18n::t(lang, "mg-progress-conflict"),
                        (Some(false), true) => crate::i18n::t(lang, "mg-progress-scored"),
                        (Some(false), false) => crate::i18n::t(lang, "mg-progress-missing"),
                    };
                    (name, state)
                })
                .collect(),
        })
        .collect();
    let mut preview = Vec::new();
    let mut awarded_total = String::new();
    if cv.call.results_status != "none" {
        let r = store::grants::results(&state.db, id).await?;
        awarded_total = zl(r.awarded_total);
        preview = r
            .entries
            .into_iter()
            .map(|e| PreviewRow {
                rank: e.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
                applicant: e.applicant_name,
                title: e.title,
                average: format!("{:.2}", e.average_hundredths as f64 / 100.0),
                awarded: zl(e.awarded_amount),
                outcome: outcome_label(e.outcome.as_str(), lang),
            })
            .collect();
    }
    let phase = if cv.is_published() {
        cv.phase(state.now()).as_str().to_string()
    } else {
        "draft".into()
    };
    Ok(ManagePage {
        c: Chrome::form(v, "mg-manage-title").await,
        errors: FormErrors::new(&errors, lang),
        notice,
        id: id.to_string(),
        title: cv.call.title.clone(),
        slug: cv.municipality.slug.clone(),
        status: crate::i18n::t(lang, &format!("mg-call-{}", cv.call.status)),
        phase: phase_label(&phase, lang),
        is_draft: !cv.is_published(),
        results_status: cv.call.results_status.clone(),
        apps,
        evaluators,
        progress,
        min_evaluators: cv.call.min_evaluators,
        preview,
        awarded_total,
        budget: zl(cv.call.budget),
    })
}

pub async fn manage(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<ManagePage, PageError> {
    let user = require_user(&v)?.clone();
    let notice = notice_text(q.komunikat.as_deref(), v.lang);
    manage_page(&state, &v, &user, &id, vec![], notice).await
}

/// One form for the call's actions: publish, committee, compute or publish results.
pub async fn manage_action(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let cv = visible_call(&state, &id, Some(&user))
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    if !is_officer(&user, &cv.call.municipality_id) {
        return Err(PageError::NotFound(v.lang));
    }
    let action = pairs
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let now = state.now();
    let result: Result<&str, ApiError> = match action {
        "publish" => store::grants::publish_call(&state.db, &id, &user.id, now)
            .await
            .map(|_| "opublikowano")
            .map_err(Into::into),
        "committee" => {
            let members: Vec<String> = pairs
                .iter()
                .filter(|(k, _)| k == "member")
                .map(|(_, v)| v.clone())
                .collect();
            store::grants::set_committee(&state.db, &id, &members, &user.id, now)
                .await
                .map(|_| "komisja")
                .map_err(Into::into)
        }
        "compute" => store::grants::compute_results(&state.db, &id, &user.id, now)
            .await
            .map(|_| "wyniki")
            .map_err(Into::into),
        "publish_results" => store::grants::publish_results(&state.db, &id, &user.id, now)
            .await
            .map(|_| "opublikowano")
            .map_err(Into::into),
        _ => Err(ApiError::Invalid(vec![FieldError::with_messages(
            "action",
            "Nieznana czynność.",
            "Unknown action.",
        )])),
    };
    match result {
        Ok(code) => {
            Ok(Redirect::to(&format!("/nabory/{id}/zarzadzanie?komunikat={code}")).into_response())
        }
        Err(e) => {
            let errors = errors_of(e)?;
            Ok((
                axum::http::StatusCode::CONFLICT,
                manage_page(&state, &v, &user, &id, errors, String::new()).await?,
            )
                .into_response())
        }
    }
}

/// An export download from the management page (same files as the API).
pub async fn export(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    use crate::api::grants::exports::{applications_sheet, results_sheet, to_csv, to_xlsx};
    let user = require_user(&v)?.clone();
    let cv = visible_call(&state, &id, Some(&user))
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    if !is_officer(&user, &cv.call.municipality_id) {
        return Err(PageError::NotFound(v.lang));
    }
    let internal = |e: ApiError| PageError::Internal(format!("{e:?}"));
    let (bytes, ct) = match file.as_str() {
        "wnioski.csv" => (
            to_csv(&applications_sheet(&state, &id).await.map_err(internal)?).map_err(internal)?,
            "text/csv; charset=utf-8",
        ),
        "wnioski.xlsx" => (
            to_xlsx(&applications_sheet(&state, &id).await.map_err(internal)?).map_err(internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "wyniki.csv" => (
            to_csv(&results_sheet(&state, &id).await.map_err(internal)?).map_err(internal)?,
            "text/csv; charset=utf-8",
        ),
        "wyniki.xlsx" => (
            to_xlsx(&results_sheet(&state, &id).await.map_err(internal)?).map_err(internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => return Err(PageError::NotFound(v.lang)),
    };
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, ct.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub struct EvalRow {
    pub id: String,
    pub title: String,
    pub number: String,
    pub org: String,
    pub state: String,
}

pub struct EvalCall {
    pub title: String,
    pub rows: Vec<EvalRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants/evaluate.html")]
pub struct EvaluatePage {
    c: Chrome,
    notice: String,
    calls: Vec<EvalCall>,
}

/// The evaluator's list: applications of the calls whose committee they sit on. Before the
/// declaration only the number and title are shown (no content).
pub async fn evaluate(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<NoticeQuery>,
) -> Result<EvaluatePage, PageError> {
    let user = require_user(&v)?.clone();
    let lang = v.lang;
    let mut calls = Vec::new();
    for call_id in store::grants::calls_of_evaluator(&state.db, &user.id).await? {
        let Some(cv) = store::grants::call_view(state.db.read(), &call_id).await? else {
            continue;
        };
        let mut rows = Vec::new();
        for (a, o) in store::grants::applications_of_call(&state.db, &call_id).await? {
            if a.status != "submitted" {
                continue;
            }
            let decl = store::grants::declaration_of(&state.db, &a.id, &user.id).await?;
            let scored = store::grants::sheets_of(&state.db, &a.id)
                .await?
                .iter()
                .any(|s| s.user_id == user.id);
            let state_key = match (decl, scored, a.formal_result.as_deref()) {
                (Some(true), _, _) => "mg-progress-conflict",
                (None, _, _) => "mg-progress-undeclared",
                (Some(false), true, _) => "mg-progress-scored",
                (Some(false), false, Some("passed")) => "mg-progress-missing",
                (Some(false), false, _) => "mg-progress-not-passed",
            };
            rows.push(EvalRow {
                id: a.id,
                title: a.title,
                number: a.confirmation_number.unwrap_or_default(),
                org: o.name,
                state: crate::i18n::t(lang, state_key),
            });
        }
        calls.push(EvalCall {
            title: cv.call.title,
            rows,
        });
    }
    Ok(EvaluatePage {
        c: Chrome::new(&v, "mg-evaluate-title").await,
        notice: notice_text(q.komunikat.as_deref(), lang),
        calls,
    })
}
