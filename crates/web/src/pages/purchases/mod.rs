//! Micro-purchases on pages: the public yearly list with the per-kind summary, the catalogue of
//! kinds, the officer's purchase form, a purchase's page with the supplier's report, acceptance
//! and payment forms, and the exports.

mod form;
mod show;

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::purchases::{ThresholdLevel, percent_of_threshold};
use domain::time::{format_date, today_warsaw};
use domain::{FieldError, Grosze, Lang};
use store::municipalities::Municipality;

use super::{Chrome, FormErrors, PageError, require_user};
use crate::AppState;
use crate::api::purchases::export::{CSV, XLSX, attachment, filename, to_csv, to_xlsx};
use crate::api::purchases::permissions::can_manage;
use crate::api::query::parse_year;
use crate::auth::Visitor;
use crate::error::ApiError;

/// The routes of the feature.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{slug}/mikrozakupy", get(list))
        .route("/{slug}/mikrozakupy/rodzaje", get(kinds).post(add_kind))
        .route("/{slug}/mikrozakupy/rodzaje/{id}", post(toggle_kind))
        .route(
            "/{slug}/mikrozakupy/nowy",
            get(form::new_form).post(form::create),
        )
        .route("/{slug}/mikrozakupy/eksport.csv", get(export_csv))
        .route("/{slug}/mikrozakupy/eksport.xlsx", get(export_xlsx))
        .route("/mikrozakupy/{id}", get(show::show))
        .route("/mikrozakupy/{id}/sprawozdanie", post(show::report))
        .route("/mikrozakupy/{id}/odbior", post(show::decide))
        .route("/mikrozakupy/{id}/platnosc", post(show::pay))
        .route("/mikrozakupy/{id}/protokol.pdf", get(show::protocol))
}

/// The municipality of a page, or the 404 page.
pub(crate) async fn municipality(
    state: &AppState,
    v: &Visitor,
    slug: &str,
) -> Result<Municipality, PageError> {
    store::municipalities::by_slug(&state.db, slug)
        .await?
        .ok_or(PageError::NotFound(v.lang))
}

/// A form field's value from posted pairs ("" when absent).
pub(crate) fn field(pairs: &[(String, String)], key: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// How a yearly sum stands, in words.
pub fn level_label(sum: Grosze, lang: Lang) -> String {
    let key = match ThresholdLevel::of(sum) {
        ThresholdLevel::Below => "purchase-level-below",
        ThresholdLevel::Warning => "purchase-level-warning",
        ThresholdLevel::Reached => "purchase-level-reached",
    };
    crate::i18n::t(lang, key)
}

/// Turns what a shared API function refused into form errors (with the status to answer), or
/// passes anything else on. Errors of single items of a list typed into one textarea
/// (`outcomes[2]`) are shown on the textarea (`outcomes`), naming the line.
pub(crate) fn form_refusal(
    err: ApiError,
    lang: Lang,
    textareas: &[&str],
) -> Result<(StatusCode, FormErrors), PageError> {
    match err {
        ApiError::Invalid(e) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors::new(&fold_lines(e, textareas), lang),
        )),
        ApiError::Conflict(e) => Ok((StatusCode::CONFLICT, FormErrors::new(&[e], lang))),
        ApiError::Forbidden | ApiError::NotFound => Err(PageError::NotFound(lang)),
        other => Err(PageError::Internal(format!("{other:?}"))),
    }
}

/// Renames `field[i]` errors to `field` for the given textareas, prefixing "Wiersz i+1: ".
pub(crate) fn fold_lines(errors: Vec<FieldError>, textareas: &[&str]) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| {
            for t in textareas {
                if let Some(i) = e
                    .field
                    .strip_prefix(t)
                    .and_then(|rest| rest.strip_prefix('['))
                    .and_then(|rest| rest.strip_suffix(']'))
                    .and_then(|i| i.parse::<usize>().ok())
                {
                    return FieldError::with_messages(
                        *t,
                        format!("Wiersz {}: {}", i + 1, e.message_pl),
                        format!("Line {}: {}", i + 1, e.message_en),
                    );
                }
            }
            e
        })
        .collect()
}

pub struct KindSumRow {
    pub code: String,
    pub name: String,
    pub count: i32,
    pub sum: String,
    pub percent: i64,
    pub level: String,
    pub warn: bool,
}

pub struct PublicRow {
    pub id: String,
    pub ordered_on: String,
    pub supplier: String,
    pub kind: String,
    pub net: String,
    pub gross: String,
    pub outcomes: Vec<String>,
    pub status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "purchases_list.html")]
pub struct ListPage {
    c: Chrome,
    m: Municipality,
    year: i16,
    years: Vec<(i16, bool)>,
    officer: bool,
    threshold: String,
    summary: Vec<KindSumRow>,
    rows: Vec<PublicRow>,
    mine: Vec<PublicRow>,
}

/// `/{slug}/mikrozakupy?rok=`: the public yearly list and summary.
pub async fn list(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<ListPage, PageError> {
    let m = municipality(&state, &v, &slug).await?;
    let lang = v.lang;
    let this_year = today_warsaw(state.clock.as_ref()).year();
    let year = q
        .get("rok")
        .and_then(|y| parse_year("rok", y).ok())
        .unwrap_or(this_year);
    let mut years = store::purchases::years(&state.db, &m.id).await?;
    for y in [this_year, year] {
        if !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    let years = years.into_iter().map(|y| (y, y == year)).collect();
    let summary = store::purchases::summary(&state.db, &m.id, year)
        .await?
        .into_iter()
        .map(|k| KindSumRow {
            code: k.kind.code,
            name: k.kind.name,
            count: k.purchase_count,
            sum: k.net_total.to_polish(),
            percent: percent_of_threshold(k.net_total),
            level: level_label(k.net_total, lang),
            warn: ThresholdLevel::of(k.net_total) != ThresholdLevel::Below,
        })
        .collect();
    let views = store::purchases::list(&state.db, &m.id, year).await?;
    let row = |p: &store::purchases::PurchaseView| PublicRow {
        id: p.purchase.id.clone(),
        ordered_on: format_date(p.ordered_on, lang),
        supplier: p.supplier_name.clone(),
        kind: p.kind_label(),
        net: p.net.to_polish(),
        gross: p.gross.to_polish(),
        outcomes: p.outcomes.clone(),
        status: p.status.label(lang).to_string(),
    };
    let rows = views.iter().map(row).collect();
    let mine = match &v.user {
        Some(u) => views
            .iter()
            .filter(|p| p.supplier_representative_ids.contains(&u.id))
            .map(row)
            .collect(),
        None => Vec::new(),
    };
    let officer = v.user.as_ref().is_some_and(|u| can_manage(u, &m.id));
    let title = format!(
        "{} — {}",
        crate::i18n::t(lang, "purchase-list-title"),
        m.name
    );
    Ok(ListPage {
        c: Chrome::titled(&v, title).await,
        m,
        year,
        years,
        officer,
        threshold: domain::purchases::THRESHOLD_NET.to_polish(),
        summary,
        rows,
        mine,
    })
}

pub struct KindRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "purchase_kinds.html")]
pub struct KindsPage {
    c: Chrome,
    m: Municipality,
    officer: bool,
    kinds: Vec<KindRow>,
    errors: FormErrors,
    code: String,
    name: String,
    added: bool,
}

async fn kinds_page(
    state: &AppState,
    v: &Visitor,
    m: Municipality,
    errors: FormErrors,
    code: String,
    name: String,
    added: bool,
) -> Result<KindsPage, PageError> {
    let officer = v.user.as_ref().is_some_and(|u| can_manage(u, &m.id));
    let kinds = store::purchases::kinds(&state.db, &m.id, true)
        .await?
        .into_iter()
        .map(|k| KindRow {
            id: k.id,
            code: k.code,
            name: k.name,
            active: k.active,
        })
        .collect();
    let mut c = Chrome::new(v, "purchase-kinds-title").await;
    c.title = format!("{} — {}", c.title, m.name);
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    Ok(KindsPage {
        c,
        m,
        officer,
        kinds,
        errors,
        code,
        name,
        added,
    })
}

/// `/{slug}/mikrozakupy/rodzaje`: the catalogue (officers can add and switch kinds off).
pub async fn kinds(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<KindsPage, PageError> {
    let m = municipality(&state, &v, &slug).await?;
    let added = q.contains_key("dodano");
    kinds_page(
        &state,
        &v,
        m,
        FormErrors::default(),
        String::new(),
        String::new(),
        added,
    )
    .await
}

/// Adds a kind from the catalogue page.
pub async fn add_kind(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let m = municipality(&state, &v, &slug).await?;
    let (code, name) = (field(&pairs, "code"), field(&pairs, "name"));
    match crate::api::purchases::add_kind(&state, &user, &m, &code, &name).await {
        Ok(_) => Ok(Redirect::to(&format!("/{slug}/mikrozakupy/rodzaje?dodano=1")).into_response()),
        Err(err) => {
            let (status, errors) = form_refusal(err, v.lang, &[])?;
            let page = kinds_page(&state, &v, m, errors, code, name, false).await?;
            Ok((status, page).into_response())
        }
    }
}

/// Switches a kind on or off (`active` = `1` or `0`).
pub async fn toggle_kind(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let m = municipality(&state, &v, &slug).await?;
    let kind = if store::ids::looks_like_id(&id) {
        store::purchases::kind(&state.db, &id).await?
    } else {
        None
    };
    match kind {
        Some(k) if k.municipality_id == m.id && can_manage(&user, &m.id) => {
            let active = field(&pairs, "active") == "1";
            store::purchases::update_kind(
                &state.db,
                &id,
                None,
                Some(active),
                &user.id,
                state.now(),
            )
            .await?;
            Ok(Redirect::to(&format!("/{slug}/mikrozakupy/rodzaje")).into_response())
        }
        _ => Err(PageError::NotFound(v.lang)),
    }
}

async fn export_rows(
    state: &AppState,
    v: &Visitor,
    slug: &str,
    q: &HashMap<String, String>,
) -> Result<(Municipality, i16, Vec<store::purchases::PurchaseView>), PageError> {
    let user = require_user(v)?;
    let m = municipality(state, v, slug).await?;
    if !can_manage(user, &m.id) {
        return Err(PageError::NotFound(v.lang));
    }
    let year = q
        .get("rok")
        .and_then(|y| parse_year("rok", y).ok())
        .unwrap_or_else(|| today_warsaw(state.clock.as_ref()).year());
    let rows = store::purchases::list(&state.db, &m.id, year).await?;
    Ok((m, year, rows))
}

/// The year's purchases as CSV, for officers.
pub async fn export_csv(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (m, year, rows) = export_rows(&state, &v, &slug, &q).await?;
    let bytes = to_csv(&rows, v.lang).map_err(|e| PageError::Internal(format!("{e:?}")))?;
    Ok(attachment(bytes, CSV, &filename(&m, year, "csv")))
}

/// The year's purchases and summary as XLSX, for officers.
pub async fn export_xlsx(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (m, year, rows) = export_rows(&state, &v, &slug, &q).await?;
    let summary = store::purchases::summary(&state.db, &m.id, year).await?;
    let bytes = to_xlsx(&rows, &summary, year, v.lang)
        .map_err(|e| PageError::Internal(format!("{e:?}")))?;
    Ok(attachment(bytes, XLSX, &filename(&m, year, "xlsx")))
}
