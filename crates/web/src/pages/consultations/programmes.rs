//! `/{slug}/program-wspolpracy`: the cooperation programmes by year with their status, links to
//! the consultation, the council's opinion and the report, and the deadlines computed from the
//! clock; a programme's page with the metadata block and the officer's forms (edit, adoption,
//! report).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use store::consultations::programmes::ProgrammeView;
use store::municipalities::Municipality;

use super::{DeadlineRow, deadline_row, error_title, page_error, read_multipart};
use crate::AppState;
use crate::api::consultations::file_response;
use crate::api::consultations::permissions::can_manage;
use crate::api::consultations::programmes::{
    ProgrammeFields, adopt_programme, create_programme, edit_programme, find_programme,
    record_report, today,
};
use crate::auth::Visitor;
use crate::pages::purchases::{field, form_refusal, municipality};
use crate::pages::{Chrome, FormErrors, PageError, require_user, urlencode, when};

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct ProgrammeRow {
    pub id: String,
    pub year: i32,
    pub title: String,
    pub status: String,
    pub consultation: Option<(String, String)>,
    pub opinion: Option<String>,
    pub opinion_is_link: bool,
    pub adoption: DeadlineRow,
    pub report: DeadlineRow,
}

fn is_link(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

fn row(p: &ProgrammeView, lang: domain::Lang) -> ProgrammeRow {
    ProgrammeRow {
        id: p.p.id.clone(),
        year: p.p.year,
        title: p.p.title.clone(),
        status: p.status.label(lang).to_string(),
        consultation: p.p.consultation_id.as_ref().map(|c| {
            (
                format!("/{}/konsultacje/{c}", p.municipality_slug),
                p.consultation_title.clone().unwrap_or_default(),
            )
        }),
        opinion_is_link: p.p.council_opinion_ref.as_deref().is_some_and(is_link),
        opinion: p.p.council_opinion_ref.clone(),
        adoption: deadline_row(&p.adoption, lang),
        report: deadline_row(&p.report, lang),
    }
}

/// The programme form's values (kept after errors).
#[derive(Default)]
pub struct ProgrammeValues {
    pub year: String,
    pub title: String,
    pub document_text: String,
    pub consultation_id: String,
    pub council_opinion_ref: String,
    pub status: String,
}

impl ProgrammeValues {
    fn fields(&self) -> ProgrammeFields {
        ProgrammeFields {
            title: self.title.clone(),
            document_text: self.document_text.clone(),
            consultation_id: self.consultation_id.clone(),
            council_opinion_ref: self.council_opinion_ref.clone(),
            status: self.status.clone(),
        }
    }
}

async fn consultation_choices(
    state: &AppState,
    municipality_id: &str,
) -> Result<Vec<Choice>, PageError> {
    Ok(store::consultations::list(&state.db, municipality_id)
        .await?
        .into_iter()
        .map(|c| Choice {
            value: c.c.id,
            label: c.c.title,
        })
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "consultations/programmes.html")]
pub struct ListPage {
    c: Chrome,
    m: Municipality,
    officer: bool,
    cycle: Vec<DeadlineRow>,
    programmes: Vec<ProgrammeRow>,
    errors: FormErrors,
    f: ProgrammeValues,
    consultations: Vec<Choice>,
    action: String,
}

impl ListPage {
    fn consultation_selected(&self, id: &str) -> bool {
        self.f.consultation_id == id
    }
}

async fn list_page(
    state: &AppState,
    v: &Visitor,
    m: Municipality,
    errors: FormErrors,
    f: ProgrammeValues,
) -> Result<ListPage, PageError> {
    let lang = v.lang;
    let officer = v.user.as_ref().is_some_and(|u| can_manage(u, &m.id));
    let today = today(state);
    let cycle = store::consultations::programmes::cycle(&state.db, &m.id, today)
        .await?
        .iter()
        .map(|f| deadline_row(f, lang))
        .collect();
    let programmes = store::consultations::programmes::list(&state.db, &m.id, today)
        .await?
        .iter()
        .map(|p| row(p, lang))
        .collect();
    let consultations = if officer {
        consultation_choices(state, &m.id).await?
    } else {
        Vec::new()
    };
    let title = format!("{} — {}", crate::i18n::t(lang, "coop-title"), m.name);
    let mut c = if officer {
        Chrome::form(v, "coop-title").await.retitled(title)
    } else {
        Chrome::titled(v, title).await
    };
    error_title(&mut c, &errors);
    let action = format!(
        "/{}/program-wspolpracy?_csrf={}",
        m.slug,
        urlencode(&c.csrf)
    );
    Ok(ListPage {
        c,
        m,
        officer,
        cycle,
        programmes,
        errors,
        f,
        consultations,
        action,
    })
}

/// `/{slug}/program-wspolpracy`.
pub async fn list(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
) -> Result<ListPage, PageError> {
    let m = municipality(&state, &v, &slug).await?;
    let next = today(&state).year() + 1;
    let f = ProgrammeValues {
        year: next.to_string(),
        ..Default::default()
    };
    list_page(&state, &v, m, FormErrors::default(), f).await
}

/// Creates a programme (officers).
pub async fn create(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    mp: Multipart,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let m = municipality(&state, &v, &slug).await?;
    let mut posted = read_multipart(mp, "document").await;
    let f = ProgrammeValues {
        year: posted.get("year"),
        title: posted.get("title"),
        document_text: posted.get("document_text"),
        consultation_id: posted.get("consultation_id"),
        council_opinion_ref: posted.get("council_opinion_ref"),
        status: String::new(),
    };
    let doc = posted.document("document");
    match create_programme(&state, &user, &m, &f.year, &f.fields(), doc).await {
        Ok(id) => Ok(Redirect::to(&format!("/{slug}/program-wspolpracy/{id}")).into_response()),
        Err(err) => {
            let (status, errors) = form_refusal(err, v.lang, &[])?;
            Ok((status, list_page(&state, &v, m, errors, f).await?).into_response())
        }
    }
}

/// Which form of the programme page the errors belong to.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Which {
    #[default]
    None,
    Edit,
    Adoption,
    Report,
}

#[derive(Default)]
pub struct Typed {
    pub which: Which,
    pub adopted_on: String,
    pub resolution_ref: String,
    pub published_on: String,
    pub report_text: String,
}

pub struct HistoryRow {
    pub when: String,
    pub what: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultations/programme.html")]
pub struct ShowPage {
    c: Chrome,
    p: ProgrammeView,
    r: ProgrammeRow,
    officer: bool,
    adopted: bool,
    adopted_on: String,
    has_report: bool,
    errors: FormErrors,
    f: ProgrammeValues,
    t: Typed,
    consultations: Vec<Choice>,
    edit_action: String,
    report_action: String,
    created: String,
    updated: String,
    history: Vec<HistoryRow>,
    notice: String,
}

impl ShowPage {
    fn errors_for(&self, which: Which) -> bool {
        self.t.which == which && !self.errors.is_empty()
    }
    fn consultation_selected(&self, id: &str) -> bool {
        self.f.consultation_id == id
    }
    fn status_selected(&self, s: &str) -> bool {
        self.f.status == s
    }
}

async fn load(
    state: &AppState,
    v: &Visitor,
    slug: &str,
    id: &str,
) -> Result<ProgrammeView, PageError> {
    let p = find_programme(state, id)
        .await
        .map_err(|e| page_error(e, v.lang))?;
    if p.municipality_slug != slug {
        return Err(PageError::NotFound(v.lang));
    }
    Ok(p)
}

async fn show_page(
    state: &AppState,
    v: &Visitor,
    p: ProgrammeView,
    errors: FormErrors,
    f: Option<ProgrammeValues>,
    t: Typed,
    notice: String,
) -> Result<ShowPage, PageError> {
    let lang = v.lang;
    let officer = v
        .user
        .as_ref()
        .is_some_and(|u| can_manage(u, &p.p.municipality_id));
    let f = f.unwrap_or_else(|| ProgrammeValues {
        year: p.p.year.to_string(),
        title: p.p.title.clone(),
        document_text: p.p.document_text.clone().unwrap_or_default(),
        consultation_id: p.p.consultation_id.clone().unwrap_or_default(),
        council_opinion_ref: p.p.council_opinion_ref.clone().unwrap_or_default(),
        status: p.status.as_str().to_string(),
    });
    let consultations = if officer {
        consultation_choices(state, &p.p.municipality_id).await?
    } else {
        Vec::new()
    };
    let history = store::audit::for_subject(&state.db, "cooperation_programme", &p.p.id)
        .await?
        .into_iter()
        .map(|e| HistoryRow {
            when: when(e.at, lang),
            what: crate::i18n::t(
                lang,
                &format!(
                    "coop-history-{}",
                    e.action.replace("cooperation_programme.", "")
                ),
            ),
        })
        .collect();
    let title = format!(
        "{} {}",
        crate::i18n::t(lang, "coop-programme-for"),
        p.p.year
    );
    let mut c = if officer {
        Chrome::form(v, "coop-title").await.retitled(title)
    } else {
        Chrome::titled(v, title).await
    };
    error_title(&mut c, &errors);
    let base = format!("/{}/program-wspolpracy/{}", p.municipality_slug, p.p.id);
    Ok(ShowPage {
        r: row(&p, lang),
        officer,
        adopted: p.status == domain::consultations::ProgrammeStatus::Adopted,
        adopted_on: p
            .p
            .adopted_on
            .as_deref()
            .and_then(|d| domain::time::parse_date(d).ok())
            .map(|d| domain::time::format_date(d, lang))
            .unwrap_or_default(),
        has_report: p.p.report_published_on.is_some(),
        errors,
        f,
        t,
        consultations,
        edit_action: format!("{base}?_csrf={}", urlencode(&c.csrf)),
        report_action: format!("{base}/sprawozdanie?_csrf={}", urlencode(&c.csrf)),
        created: when(p.p.created_at, lang),
        updated: when(p.p.updated_at, lang),
        history,
        notice,
        c,
        p,
    })
}

/// `/{slug}/program-wspolpracy/{id}`.
pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<ShowPage, PageError> {
    let p = load(&state, &v, &slug, &id).await?;
    let notice = if q.contains_key("zapisano") {
        crate::i18n::t(v.lang, "coop-saved")
    } else {
        String::new()
    };
    show_page(
        &state,
        &v,
        p,
        FormErrors::default(),
        None,
        Typed::default(),
        notice,
    )
    .await
}

async fn refused(
    state: &AppState,
    v: &Visitor,
    p: ProgrammeView,
    err: crate::error::ApiError,
    f: Option<ProgrammeValues>,
    t: Typed,
) -> Result<Response, PageError> {
    let (status, errors) = form_refusal(err, v.lang, &[])?;
    Ok((
        status,
        show_page(state, v, p, errors, f, t, String::new()).await?,
    )
        .into_response())
}

fn saved(p: &ProgrammeView) -> Response {
    Redirect::to(&format!(
        "/{}/program-wspolpracy/{}?zapisano=1",
        p.municipality_slug, p.p.id
    ))
    .into_response()
}

/// Saves the programme's fields (officers).
pub async fn edit(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
    mp: Multipart,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let p = load(&state, &v, &slug, &id).await?;
    let mut posted = read_multipart(mp, "document").await;
    let f = ProgrammeValues {
        year: p.p.year.to_string(),
        title: posted.get("title"),
        document_text: posted.get("document_text"),
        consultation_id: posted.get("consultation_id"),
        council_opinion_ref: posted.get("council_opinion_ref"),
        status: posted.get("status"),
    };
    let doc = posted.document("document");
    match edit_programme(&state, &user, &p, &f.fields(), doc).await {
        Ok(()) => Ok(saved(&p)),
        Err(err) => {
            let t = Typed {
                which: Which::Edit,
                ..Default::default()
            };
            refused(&state, &v, p, err, Some(f), t).await
        }
    }
}

/// Records the adoption (officers).
pub async fn adopt(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let p = load(&state, &v, &slug, &id).await?;
    let t = Typed {
        which: Which::Adoption,
        adopted_on: field(&pairs, "adopted_on"),
        resolution_ref: field(&pairs, "resolution_ref"),
        ..Default::default()
    };
    match adopt_programme(&state, &user, &p, &t.adopted_on, &t.resolution_ref).await {
        Ok(()) => Ok(saved(&p)),
        Err(err) => refused(&state, &v, p, err, None, t).await,
    }
}

/// Records the report on the year (officers).
pub async fn report(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
    mp: Multipart,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let p = load(&state, &v, &slug, &id).await?;
    let mut posted = read_multipart(mp, "report_document").await;
    let t = Typed {
        which: Which::Report,
        published_on: posted.get("published_on"),
        report_text: posted.get("report_text"),
        ..Default::default()
    };
    let doc = posted.document("report_document");
    match record_report(&state, &user, &p, &t.published_on, &t.report_text, doc).await {
        Ok(()) => Ok(saved(&p)),
        Err(err) => refused(&state, &v, p, err, None, t).await,
    }
}

/// The programme's document.
pub async fn document(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let p = load(&state, &v, &slug, &id).await?;
    file_response(
        &state,
        "cooperation_programme",
        &p.p.id,
        p.p.document_file_id.as_deref(),
    )
    .await
    .map_err(|e| page_error(e, v.lang))
}

/// The report's document.
pub async fn report_document(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let p = load(&state, &v, &slug, &id).await?;
    file_response(
        &state,
        "cooperation_report",
        &p.p.id,
        p.p.report_file_id.as_deref(),
    )
    .await
    .map_err(|e| page_error(e, v.lang))
}
