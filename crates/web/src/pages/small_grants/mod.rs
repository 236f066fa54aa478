//! Small grants on pages: the municipality's list of offers with its pool, the NGO's simplified
//! offer form, and an offer's public page with its statutory dates, comments and the officer's
//! publication and decision forms.

mod offer;

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::Lang;
use domain::lines::split_lines;
use domain::organisations::OrganisationKind;
use domain::purchases::MoneyInput;
use domain::small_grants::{BudgetLineDraft, OfferDraft, max_pool};
use domain::time::format_date;
use store::municipalities::Municipality;

use super::purchases::{field, form_refusal, municipality};
use super::{Chrome, FormErrors, PageError, require_user};
use crate::AppState;
use crate::api::query::parse_year;
use crate::api::small_grants::permissions::{can_manage, can_see};
use crate::api::small_grants::{set_pool, submit_offer};
use crate::auth::Visitor;

/// How many budget rows the offer form offers (blank rows are ignored).
const BUDGET_ROWS: usize = 6;

/// The routes of the feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{slug}/male-granty", get(list))
        .route("/{slug}/male-granty/pula", post(pool))
        .route("/{slug}/male-granty/nowa", get(new_form).post(create))
        .route("/male-granty/{id}", get(offer::show))
        .route("/male-granty/{id}/publikacja", post(offer::publish))
        .route("/male-granty/{id}/uwagi", post(offer::comment))
        .route("/male-granty/{id}/decyzja", post(offer::decide))
        .route("/male-granty/{id}/umowa.pdf", get(offer::agreement))
}

pub struct OfferRow {
    pub id: String,
    pub title: String,
    pub organisation: String,
    pub amount: String,
    pub status: String,
    pub dates: String,
}

pub struct PoolFacts {
    pub planned: String,
    pub amount: String,
    pub max: String,
    pub committed: String,
    pub remaining: String,
}

/// What the pool form shows.
#[derive(Default)]
pub struct PoolValues {
    pub year: String,
    pub planned: String,
    pub amount: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "small_grants.html")]
pub struct ListPage {
    c: Chrome,
    m: Municipality,
    year: i16,
    pool: Option<PoolFacts>,
    officer: bool,
    logged_in: bool,
    offers: Vec<OfferRow>,
    errors: FormErrors,
    p: PoolValues,
    pool_saved: bool,
}

async fn list_page(
    state: &AppState,
    v: &Visitor,
    m: Municipality,
    year: i16,
    errors: FormErrors,
    p: PoolValues,
    pool_saved: bool,
) -> Result<ListPage, PageError> {
    let lang = v.lang;
    let user = v.user.as_ref();
    let officer = user.is_some_and(|u| can_manage(u, &m.id));
    let pool = store::small_grants::pool(&state.db, &m.id, year)
        .await?
        .map(|p| PoolFacts {
            planned: p.planned_ngo_grants.to_polish(),
            amount: p.amount.to_polish(),
            max: max_pool(p.planned_ngo_grants).to_polish(),
            committed: p.committed.to_polish(),
            remaining: p.amount.saturating_sub(p.committed).to_polish(),
        });
    let offers = store::small_grants::list(&state.db, &m.id)
        .await?
        .into_iter()
        .filter(|o| can_see(user, o))
        .map(|o| OfferRow {
            dates: match (o.schedule.published_on, o.schedule.comments_until) {
                (Some(p), Some(u)) => format!(
                    "{} {} – {}",
                    crate::i18n::t(lang, "small-grant-comments-short"),
                    format_date(p, lang),
                    format_date(u, lang)
                ),
                _ => format!(
                    "{} {}",
                    crate::i18n::t(lang, "small-grant-received-short"),
                    format_date(o.schedule.received_on, lang)
                ),
            },
            id: o.offer.id.clone(),
            title: o.offer.title.clone(),
            organisation: o.organisation_name.clone(),
            amount: o.amount.to_polish(),
            status: o.status.label(lang).to_string(),
        })
        .collect();
    let title = format!(
        "{} — {}",
        crate::i18n::t(lang, "small-grant-list-title"),
        m.name
    );
    let mut c = Chrome::titled(v, title).await;
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    Ok(ListPage {
        c,
        m,
        year,
        pool,
        officer,
        logged_in: user.is_some(),
        offers,
        errors,
        p,
        pool_saved,
    })
}

/// `/{slug}/male-granty?rok=`: the offers the visitor may see and the year's pool.
pub async fn list(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<ListPage, PageError> {
    let m = municipality(&state, &v, &slug).await?;
    let this_year = domain::time::today_warsaw(state.clock.as_ref()).year();
    let year = q
        .get("rok")
        .and_then(|y| parse_year("rok", y).ok())
        .unwrap_or(this_year);
    let p = PoolValues {
        year: year.to_string(),
        ..Default::default()
    };
    list_page(
        &state,
        &v,
        m,
        year,
        FormErrors::default(),
        p,
        q.contains_key("pula"),
    )
    .await
}

/// Sets the pool from the list page (officers).
pub async fn pool(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let m = municipality(&state, &v, &slug).await?;
    let p = PoolValues {
        year: field(&pairs, "year"),
        planned: field(&pairs, "planned_ngo_grants"),
        amount: field(&pairs, "amount"),
    };
    let this_year = domain::time::today_warsaw(state.clock.as_ref()).year();
    let result = match parse_year("year", &p.year) {
        Ok(year) => set_pool(
            &state,
            &user,
            &m,
            year,
            &p.planned,
            &p.amount,
            MoneyInput::Form,
        )
        .await
        .map(|_| year),
        Err(e) => Err(crate::error::ApiError::Invalid(vec![e])),
    };
    match result {
        Ok(year) => {
            Ok(Redirect::to(&format!("/{slug}/male-granty?rok={year}&pula=1")).into_response())
        }
        Err(err) => {
            let (status, errors) = form_refusal(err, v.lang, &[])?;
            let year = parse_year("year", &p.year).unwrap_or(this_year);
            let page = list_page(&state, &v, m, year, errors, p, false).await?;
            Ok((status, page).into_response())
        }
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct BudgetRow {
    pub index: usize,
    pub name: String,
    pub amount: String,
    pub name_field: String,
    pub amount_field: String,
}

/// What the offer form shows (again after errors, as typed).
#[derive(Default)]
pub struct OfferValues {
    pub organisation_id: String,
    pub title: String,
    pub description: String,
    pub start_date: String,
    pub end_date: String,
    pub amount: String,
    pub budget: Vec<(String, String)>,
    pub expected_results: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "small_grant_form.html")]
pub struct FormPage {
    c: Chrome,
    m: Municipality,
    errors: FormErrors,
    f: OfferValues,
    organisations: Vec<Choice>,
    budget_rows: Vec<BudgetRow>,
}

impl FormPage {
    fn org_selected(&self, id: &str) -> bool {
        self.f.organisation_id == id
    }
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    m: Municipality,
    f: OfferValues,
    errors: FormErrors,
) -> Result<FormPage, PageError> {
    let user = require_user(v)?;
    let organisations = store::organisations::of_user(&state.db, &user.id)
        .await?
        .into_iter()
        .filter(|o| o.kind == OrganisationKind::Ngo.as_str())
        .map(|o| Choice {
            value: o.id,
            label: o.name,
        })
        .collect();
    let budget_rows = (0..BUDGET_ROWS)
        .map(|i| {
            let (name, amount) = f.budget.get(i).cloned().unwrap_or_default();
            BudgetRow {
                index: i,
                name,
                amount,
                name_field: format!("budget_lines[{i}].name"),
                amount_field: format!("budget_lines[{i}].amount"),
            }
        })
        .collect();
    let mut c = Chrome::form(v, "small-grant-new-title").await;
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    Ok(FormPage {
        c,
        m,
        errors,
        f,
        organisations,
        budget_rows,
    })
}

/// `/{slug}/male-granty/nowa`: the simplified offer form.
pub async fn new_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
) -> Result<FormPage, PageError> {
    require_user(&v)?;
    let m = municipality(&state, &v, &slug).await?;
    form_page(&state, &v, m, OfferValues::default(), FormErrors::default()).await
}

/// Submits the offer, or shows the form again with every problem.
pub async fn create(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let m = municipality(&state, &v, &slug).await?;
    let get = |k: &str| field(&pairs, k);
    let f = OfferValues {
        organisation_id: get("organisation_id"),
        title: get("title"),
        description: get("description"),
        start_date: get("start_date"),
        end_date: get("end_date"),
        amount: get("amount"),
        budget: (0..BUDGET_ROWS)
            .map(|i| {
                (
                    get(&format!("budget_name_{i}")),
                    get(&format!("budget_amount_{i}")),
                )
            })
            .collect(),
        expected_results: get("expected_results"),
    };
    let draft = OfferDraft {
        title: f.title.clone(),
        description: f.description.clone(),
        start_date: f.start_date.clone(),
        end_date: f.end_date.clone(),
        amount: f.amount.clone(),
        budget_lines: f
            .budget
            .iter()
            .map(|(name, amount)| BudgetLineDraft {
                name: name.clone(),
                amount: amount.clone(),
            })
            .collect(),
        expected_results: split_lines(&f.expected_results),
    };
    match submit_offer(
        &state,
        &user,
        &m,
        &f.organisation_id,
        &draft,
        MoneyInput::Form,
    )
    .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/male-granty/{id}?zlozono=1")).into_response()),
        Err(err) => {
            let (status, errors) = form_refusal(err, v.lang, &["expected_results"])?;
            let page = form_page(&state, &v, m, f, errors).await?;
            Ok((status, page).into_response())
        }
    }
}

/// A date for people, or a dash.
pub(crate) fn date_or_dash(d: Option<jiff::civil::Date>, lang: Lang) -> String {
    d.map(|d| format_date(d, lang))
        .unwrap_or_else(|| "—".into())
}
