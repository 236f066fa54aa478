//! Public pages: a municipality's calls, a call with its results, funded initiatives.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};

use super::{date, outcome_label, phase_label, zl};
use crate::AppState;
use crate::api::grants::{is_officer, visible_call};
use crate::auth::Visitor;
use crate::pages::{Chrome, PageError, when};

pub struct CallRow {
    pub id: String,
    pub title: String,
    pub phase: String,
    pub phase_label: String,
    pub closes: String,
    pub budget: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants/calls.html")]
pub struct CallsPage {
    c: Chrome,
    municipality_name: String,
    slug: String,
    calls: Vec<CallRow>,
    is_officer: bool,
}

pub async fn calls(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
) -> Result<CallsPage, PageError> {
    let m = store::municipalities::by_slug(&state.db, &slug)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    let mut rows = Vec::new();
    for call in store::grants::calls_of(&state.db, &m.id, true).await? {
        if let Some(cv) = store::grants::call_view(state.db.read(), &call.id).await? {
            let phase = cv.phase(state.now()).as_str().to_string();
            rows.push(CallRow {
                id: call.id.clone(),
                title: call.title.clone(),
                phase_label: phase_label(&phase, v.lang),
                phase,
                closes: when(call.closes_at, v.lang),
                budget: zl(call.budget),
            });
        }
    }
    let officer = v.user.as_ref().is_some_and(|u| is_officer(u, &m.id));
    Ok(CallsPage {
        c: Chrome::titled(
            &v,
            format!("{} — {}", crate::i18n::t(v.lang, "mg-calls-title"), m.name),
        )
        .await,
        municipality_name: m.name,
        slug,
        calls: rows,
        is_officer: officer,
    })
}

pub struct ResultRow {
    pub rank: String,
    pub applicant: String,
    pub title: String,
    pub average: String,
    pub requested: String,
    pub awarded: String,
    pub outcome_label: String,
}

pub struct CriterionRow {
    pub name: String,
    pub max_points: i32,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants/call.html")]
pub struct CallPage {
    c: Chrome,
    id: String,
    title: String,
    rules: String,
    municipality_name: String,
    slug: String,
    programme: String,
    phase: String,
    phase_label: String,
    opens: String,
    closes: String,
    min_grant: String,
    max_grant: String,
    budget: String,
    kinds: Vec<String>,
    criteria: Vec<CriterionRow>,
    max_total: u32,
    min_average_percent: i32,
    is_officer: bool,
    logged_in: bool,
    results: Vec<ResultRow>,
    awarded_total: String,
}

pub async fn call(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<CallPage, PageError> {
    let cv = visible_call(&state, &id, v.user.as_ref())
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    let phase = if cv.is_published() {
        cv.phase(state.now()).as_str().to_string()
    } else {
        "draft".into()
    };
    let mut results = Vec::new();
    let mut awarded_total = String::new();
    if cv.results_published() {
        let r = store::grants::results(&state.db, &id).await?;
        awarded_total = zl(r.awarded_total);
        results = r
            .entries
            .into_iter()
            .map(|e| ResultRow {
                rank: e.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
                applicant: e.applicant_name,
                title: e.title,
                average: format!("{:.2}", e.average_hundredths as f64 / 100.0)
                    .replace('.', if v.lang == domain::Lang::Pl { "," } else { "." }),
                requested: zl(e.requested_amount),
                awarded: zl(e.awarded_amount),
                outcome_label: outcome_label(e.outcome.as_str(), v.lang),
            })
            .collect();
    }
    let officer = v
        .user
        .as_ref()
        .is_some_and(|u| is_officer(u, &cv.call.municipality_id));
    Ok(CallPage {
        c: Chrome::titled(&v, cv.call.title.clone()).await,
        id: cv.call.id.clone(),
        title: cv.call.title.clone(),
        rules: cv.call.rules.clone(),
        municipality_name: cv.municipality.name.clone(),
        slug: cv.municipality.slug.clone(),
        programme: cv.programme.name.clone(),
        phase_label: phase_label(&phase, v.lang),
        phase,
        opens: when(cv.call.opens_at, v.lang),
        closes: when(cv.call.closes_at, v.lang),
        min_grant: zl(cv.call.min_grant),
        max_grant: zl(cv.call.max_grant),
        budget: zl(cv.call.budget),
        kinds: cv
            .applicant_kinds()
            .iter()
            .map(|k| k.label(v.lang).to_string())
            .collect(),
        criteria: cv
            .criteria
            .iter()
            .map(|c| CriterionRow {
                name: c.name.clone(),
                max_points: c.max_points,
            })
            .collect(),
        max_total: cv.max_total(),
        min_average_percent: cv.call.min_average_percent,
        is_officer: officer,
        logged_in: v.user.is_some(),
        results,
        awarded_total,
    })
}

pub struct InitiativeRow {
    pub title: String,
    pub applicant: String,
    pub call_title: String,
    pub summary: String,
    pub amount: String,
    pub dates: String,
    pub status_label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants/initiatives.html")]
pub struct InitiativesPage {
    c: Chrome,
    municipality_name: String,
    slug: String,
    rows: Vec<InitiativeRow>,
    total: String,
}

pub async fn initiatives(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
) -> Result<InitiativesPage, PageError> {
    let m = store::municipalities::by_slug(&state.db, &slug)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    let list = store::grants::funded_initiatives(&state.db, &m.id).await?;
    let total: i64 = list.iter().map(|f| f.amount).sum();
    let rows = list
        .into_iter()
        .map(|f| InitiativeRow {
            dates: format!(
                "{} – {}",
                date(&f.start_date, v.lang),
                date(&f.end_date, v.lang)
            ),
            status_label: crate::i18n::t(v.lang, &format!("mg-initiative-{}", f.status.as_str())),
            title: f.title,
            applicant: f.applicant_name,
            call_title: f.call_title,
            summary: f.summary,
            amount: zl(f.amount),
        })
        .collect();
    Ok(InitiativesPage {
        c: Chrome::titled(
            &v,
            format!(
                "{} — {}",
                crate::i18n::t(v.lang, "mg-initiatives-title"),
                m.name
            ),
        )
        .await,
        municipality_name: m.name,
        slug,
        rows,
        total: zl(total),
    })
}
