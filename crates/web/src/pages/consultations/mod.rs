//! Consultations and the cooperation programme on pages: the municipality's list of
//! consultations, the officer's form (with an uploaded document or text), a consultation's page
//! (document, dates, public comments, the comment form while it is open, answers and the report),
//! the programme page by year, and the deadline panel of the officer's dashboard.

mod programmes;
mod show;

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::consultations::{ConsultationDraft, DateInput, DeadlineState, Phase};
use domain::time::{format_date, from_micros, warsaw};
use domain::{FieldError, Lang};
use store::consultations::NewDocument;
use store::municipalities::Municipality;

use super::purchases::{form_refusal, municipality};
use super::{Chrome, FormErrors, PageError, require_user, when};
use crate::AppState;
use crate::api::consultations::permissions::{can_manage, can_see};
use crate::api::consultations::{
    checked_document, create_consultation, edit_consultation, visible_consultation,
};
use crate::auth::Visitor;
use crate::error::ApiError;

/// The largest form with a document (5 MB and the rest of the form).
const FORM_LIMIT: usize = 6 * 1024 * 1024;

/// The routes of the feature.
pub fn routes() -> Router<AppState> {
    let upload = || DefaultBodyLimit::max(FORM_LIMIT);
    Router::new()
        .route("/{slug}/konsultacje", get(list))
        .route(
            "/{slug}/konsultacje/nowa",
            get(new_form).post(create).layer(upload()),
        )
        .route("/{slug}/konsultacje/{id}", get(show::show))
        .route(
            "/{slug}/konsultacje/{id}/edycja",
            get(edit_form).post(edit).layer(upload()),
        )
        .route("/{slug}/konsultacje/{id}/publikacja", post(show::publish))
        .route("/{slug}/konsultacje/{id}/uwagi", post(show::comment))
        .route(
            "/{slug}/konsultacje/{id}/odpowiedzi/{comment_id}",
            post(show::answer),
        )
        .route("/{slug}/konsultacje/{id}/raport", post(show::report))
        .route("/{slug}/konsultacje/{id}/raport.csv", get(show::report_csv))
        .route("/{slug}/konsultacje/{id}/dokument", get(show::document))
        .route(
            "/{slug}/program-wspolpracy",
            get(programmes::list)
                .post(programmes::create)
                .layer(upload()),
        )
        .route(
            "/{slug}/program-wspolpracy/{id}",
            get(programmes::show).post(programmes::edit).layer(upload()),
        )
        .route(
            "/{slug}/program-wspolpracy/{id}/uchwalenie",
            post(programmes::adopt),
        )
        .route(
            "/{slug}/program-wspolpracy/{id}/sprawozdanie",
            post(programmes::report).layer(upload()),
        )
        .route(
            "/{slug}/program-wspolpracy/{id}/dokument",
            get(programmes::document),
        )
        .route(
            "/{slug}/program-wspolpracy/{id}/dokument-sprawozdania",
            get(programmes::report_document),
        )
}

// ---- shared helpers -----------------------------------------------------------------------------

/// A posted multipart form: its text fields and the one uploaded file (if any was chosen).
pub struct Posted {
    pub texts: HashMap<String, String>,
    pub file: Option<(String, String, Vec<u8>)>,
    pub problem: Option<FieldError>,
}

impl Posted {
    pub fn get(&self, k: &str) -> String {
        self.texts.get(k).cloned().unwrap_or_default()
    }

    /// The uploaded document, checked, under `field`.
    pub fn document(&mut self, field: &str) -> Result<Option<NewDocument>, FieldError> {
        if let Some(p) = self.problem.take() {
            return Err(p);
        }
        match self.file.take() {
            None => Ok(None),
            Some((name, ct, bytes)) => checked_document(field, &name, &ct, bytes).map(Some),
        }
    }
}

/// Reads a multipart form whose file input is named `file_field`.
pub async fn read_multipart(mut mp: Multipart, file_field: &str) -> Posted {
    let mut p = Posted {
        texts: HashMap::new(),
        file: None,
        problem: None,
    };
    loop {
        match mp.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                if name == file_field {
                    let filename = field.file_name().unwrap_or("").to_string();
                    let ct = field
                        .content_type()
                        .unwrap_or("application/octet-stream")
                        .to_string();
                    match field.bytes().await {
                        Ok(b) if !filename.is_empty() && !b.is_empty() => {
                            p.file = Some((filename, ct, b.to_vec()))
                        }
                        Ok(_) => {}
                        Err(_) => {
                            p.problem = Some(too_large(file_field));
                        }
                    }
                } else if let Ok(t) = field.text().await {
                    p.texts.insert(name, t);
                }
            }
            Ok(None) => break,
            Err(_) => {
                p.problem = Some(too_large(file_field));
                break;
            }
        }
    }
    p
}

fn too_large(field: &str) -> FieldError {
    FieldError::with_messages(
        field,
        "Nie udało się odebrać pliku (limit 5 MB).",
        "The file could not be received (limit 5 MB).",
    )
}

/// An instant as a `datetime-local` value in Warsaw time (`2027-10-01T08:00`).
pub fn local_input(micros: i64) -> String {
    let dt = from_micros(micros).to_zoned(warsaw()).datetime();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute()
    )
}

/// The title with "Błąd:" in front when the form has errors.
pub fn error_title(c: &mut Chrome, errors: &FormErrors) {
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
}

fn page_error(e: ApiError, lang: Lang) -> PageError {
    match e {
        ApiError::NotFound | ApiError::Forbidden => PageError::NotFound(lang),
        other => PageError::Internal(format!("{other:?}")),
    }
}

// ---- the list -----------------------------------------------------------------------------------

pub struct ConsultationRow {
    pub id: String,
    pub title: String,
    pub phase: String,
    pub dates: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultations/list.html")]
pub struct ListPage {
    c: Chrome,
    m: Municipality,
    officer: bool,
    open: Vec<ConsultationRow>,
    others: Vec<ConsultationRow>,
}

/// `/{slug}/konsultacje`: published consultations (and drafts for the officers).
pub async fn list(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
) -> Result<ListPage, PageError> {
    let m = municipality(&state, &v, &slug).await?;
    let user = v.user.as_ref();
    let officer = user.is_some_and(|u| can_manage(u, &m.id));
    let now = state.now();
    let mut open = Vec::new();
    let mut others = Vec::new();
    for c in store::consultations::list(&state.db, &m.id).await? {
        if !can_see(user, &c) {
            continue;
        }
        let phase = c.phase(now);
        let row = ConsultationRow {
            id: c.c.id.clone(),
            title: c.c.title.clone(),
            phase: phase.label(v.lang).to_string(),
            dates: format!(
                "{} – {}",
                when(c.c.opens_at, v.lang),
                when(c.c.closes_at, v.lang)
            ),
        };
        if phase == Phase::Open {
            open.push(row);
        } else {
            others.push(row);
        }
    }
    let title = format!("{} — {}", crate::i18n::t(v.lang, "cons-list-title"), m.name);
    Ok(ListPage {
        c: Chrome::titled(&v, title).await,
        m,
        officer,
        open,
        others,
    })
}

// ---- the officer's form -------------------------------------------------------------------------

/// What the consultation form shows (again after errors, as typed).
#[derive(Default)]
pub struct ConsultationValues {
    pub title: String,
    pub description: String,
    pub document_text: String,
    pub opens_at: String,
    pub closes_at: String,
}

impl ConsultationValues {
    fn draft(&self) -> ConsultationDraft {
        ConsultationDraft {
            title: self.title.clone(),
            description: self.description.clone(),
            document_text: self.document_text.clone(),
            opens_at: self.opens_at.clone(),
            closes_at: self.closes_at.clone(),
        }
    }

    fn from_posted(p: &Posted) -> Self {
        ConsultationValues {
            title: p.get("title"),
            description: p.get("description"),
            document_text: p.get("document_text"),
            opens_at: p.get("opens_at"),
            closes_at: p.get("closes_at"),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "consultations/form.html")]
pub struct FormPage {
    c: Chrome,
    m: Municipality,
    errors: FormErrors,
    f: ConsultationValues,
    /// `Some(id)` when editing.
    editing: Option<String>,
    current_document: Option<String>,
    action: String,
}

async fn form_page(
    v: &Visitor,
    m: Municipality,
    f: ConsultationValues,
    errors: FormErrors,
    editing: Option<(String, Option<String>)>,
) -> FormPage {
    let key = if editing.is_some() {
        "cons-edit-title"
    } else {
        "cons-new-title"
    };
    let mut c = Chrome::form(v, key).await;
    error_title(&mut c, &errors);
    let (editing, current_document) = match editing {
        Some((id, doc)) => (Some(id), doc),
        None => (None, None),
    };
    let action = match &editing {
        Some(id) => format!(
            "/{}/konsultacje/{id}/edycja?_csrf={}",
            m.slug,
            super::urlencode(&c.csrf)
        ),
        None => format!(
            "/{}/konsultacje/nowa?_csrf={}",
            m.slug,
            super::urlencode(&c.csrf)
        ),
    };
    FormPage {
        c,
        m,
        errors,
        f,
        editing,
        current_document,
        action,
    }
}

async fn officer_of(state: &AppState, v: &Visitor, slug: &str) -> Result<Municipality, PageError> {
    let user = require_user(v)?;
    let m = municipality(state, v, slug).await?;
    if !can_manage(user, &m.id) {
        return Err(PageError::NotFound(v.lang));
    }
    Ok(m)
}

/// `/{slug}/konsultacje/nowa`.
pub async fn new_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
) -> Result<FormPage, PageError> {
    let m = officer_of(&state, &v, &slug).await?;
    Ok(form_page(
        &v,
        m,
        ConsultationValues::default(),
        FormErrors::default(),
        None,
    )
    .await)
}

/// Creates the draft, or shows the form again with every problem.
pub async fn create(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    mp: Multipart,
) -> Result<Response, PageError> {
    let m = officer_of(&state, &v, &slug).await?;
    let user = require_user(&v)?.clone();
    let mut posted = read_multipart(mp, "document").await;
    let f = ConsultationValues::from_posted(&posted);
    let doc = posted.document("document");
    match create_consultation(&state, &user, &m, &f.draft(), DateInput::Form, doc).await {
        Ok(id) => Ok(Redirect::to(&format!("/{slug}/konsultacje/{id}")).into_response()),
        Err(err) => {
            let (status, errors) = form_refusal(err, v.lang, &[])?;
            Ok((status, form_page(&v, m, f, errors, None).await).into_response())
        }
    }
}

async fn editable(
    state: &AppState,
    v: &Visitor,
    slug: &str,
    id: &str,
) -> Result<(Municipality, store::consultations::ConsultationView), PageError> {
    let m = officer_of(state, v, slug).await?;
    let c = visible_consultation(state, v.user.as_ref(), id)
        .await
        .map_err(|e| page_error(e, v.lang))?;
    if c.c.municipality_id != m.id {
        return Err(PageError::NotFound(v.lang));
    }
    Ok((m, c))
}

/// `/{slug}/konsultacje/{id}/edycja`.
pub async fn edit_form(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
) -> Result<FormPage, PageError> {
    let (m, c) = editable(&state, &v, &slug, &id).await?;
    let f = ConsultationValues {
        title: c.c.title.clone(),
        description: c.c.description.clone(),
        document_text: c.c.document_text.clone().unwrap_or_default(),
        opens_at: local_input(c.c.opens_at),
        closes_at: local_input(c.c.closes_at),
    };
    let doc = c.document.as_ref().map(|d| d.filename.clone());
    Ok(form_page(&v, m, f, FormErrors::default(), Some((id, doc))).await)
}

/// Saves the changes, or shows the form again.
pub async fn edit(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, String)>,
    mp: Multipart,
) -> Result<Response, PageError> {
    let (m, c) = editable(&state, &v, &slug, &id).await?;
    let user = require_user(&v)?.clone();
    let mut posted = read_multipart(mp, "document").await;
    let f = ConsultationValues::from_posted(&posted);
    let doc = posted.document("document");
    match edit_consultation(&state, &user, &c, &f.draft(), DateInput::Form, doc).await {
        Ok(()) => Ok(Redirect::to(&format!("/{slug}/konsultacje/{id}")).into_response()),
        Err(err) => {
            let (status, errors) = form_refusal(err, v.lang, &[])?;
            let docname = c.document.as_ref().map(|d| d.filename.clone());
            Ok((
                status,
                form_page(&v, m, f, errors, Some((id, docname))).await,
            )
                .into_response())
        }
    }
}

// ---- the dashboard panel ------------------------------------------------------------------------

pub struct DeadlineRow {
    pub what: String,
    pub deadline: String,
    pub state: String,
    /// `done`, `due_soon`, `overdue`, `upcoming` (a CSS class; the words say the same).
    pub class: String,
}

/// The deadlines of the cooperation programme cycle for the officer's dashboard.
pub struct CyclePanel {
    pub slug: String,
    pub rows: Vec<DeadlineRow>,
}

pub(crate) fn deadline_row(
    f: &store::consultations::programmes::DeadlineFacts,
    lang: Lang,
) -> DeadlineRow {
    let what = match f.kind {
        domain::consultations::DeadlineKind::Adoption => crate::i18n::t_args(
            lang,
            "coop-deadline-adoption",
            &[("year", i64::from(f.year).into())],
        ),
        domain::consultations::DeadlineKind::Report => crate::i18n::t_args(
            lang,
            "coop-deadline-report",
            &[("year", i64::from(f.year).into())],
        ),
    };
    DeadlineRow {
        what,
        deadline: format_date(f.deadline, lang),
        state: f.state.describe(lang),
        class: match f.state {
            DeadlineState::Done { .. } => "done",
            DeadlineState::DueSoon { .. } => "due-soon",
            DeadlineState::Overdue { .. } => "overdue",
            DeadlineState::Upcoming { .. } => "upcoming",
        }
        .to_string(),
    }
}

/// Builds the panel from the clock.
pub async fn cycle_panel(
    state: &AppState,
    municipality_id: &str,
    slug: &str,
    lang: Lang,
) -> Result<CyclePanel, PageError> {
    let today = domain::time::today_warsaw(state.clock.as_ref());
    let rows = store::consultations::programmes::cycle(&state.db, municipality_id, today)
        .await?
        .iter()
        .map(|f| deadline_row(f, lang))
        .collect();
    Ok(CyclePanel {
        slug: slug.to_string(),
        rows,
    })
}
