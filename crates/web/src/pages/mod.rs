//! Server-rendered pages (askama). Every form works without JavaScript, carries a CSRF token and
//! shows errors both in a summary linked to the fields and next to each field.

mod account;
mod calendar;
pub(crate) mod consultations;
mod council;
mod grants;
mod home;
mod meetings;
mod municipalities;
mod organisations;
mod practice_extras;
mod practices;
pub(crate) mod purchases;
mod small_grants;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::{FieldError, Lang};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth::Visitor;
use crate::session_store::DbSessionStore;
use crate::{AppState, csrf, i18n};

/// Largest upload (a report with photos), in bytes.
pub const UPLOAD_LIMIT: usize = 25 * 1024 * 1024;

/// The page router with sessions and CSRF checks.
pub fn router(state: AppState) -> Router<AppState> {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("wspolnie_sid")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));
    Router::new()
        .route("/", get(home::home))
        .route("/gminy", get(municipalities::list))
        .route("/deklaracja-dostepnosci", get(home::accessibility))
        .route("/jezyk/{code}", get(home::switch_language))
        .route("/static/style.css", get(home::stylesheet))
        .route("/static/app.js", get(home::script))
        .route("/logowanie", get(account::login_form).post(account::login))
        .route("/wyloguj", post(account::logout))
        .route(
            "/rejestracja",
            get(account::register_form).post(account::register),
        )
        .route("/moje-organizacje", get(organisations::mine))
        .route(
            "/organizacje/nowa",
            get(organisations::new_form).post(organisations::create),
        )
        .route("/organizacje/{id}", get(organisations::show))
        .route("/moje-wnioski", get(grants::application::mine))
        .route("/poczta", get(grants::application::mailbox))
        .route("/ocena", get(grants::office::evaluate))
        .route("/nabory/{id}", get(grants::public::call))
        .route(
            "/nabory/{id}/wniosek",
            get(grants::application::start_form).post(grants::application::start),
        )
        .route(
            "/nabory/{id}/zarzadzanie",
            get(grants::office::manage).post(grants::office::manage_action),
        )
        .route("/nabory/{id}/eksport/{file}", get(grants::office::export))
        .route(
            "/wnioski/{id}",
            get(grants::application::show).post(grants::application::save),
        )
        .route(
            "/wnioski/{id}/ocena-formalna",
            post(grants::application::formal_check),
        )
        .route(
            "/wnioski/{id}/oswiadczenie",
            post(grants::application::declare),
        )
        .route("/wnioski/{id}/ocena", post(grants::application::score))
        .route("/wnioski/{id}/umowa", post(grants::application::agreement))
        .route(
            "/wnioski/{id}/umowa.pdf",
            get(grants::application::agreement_pdf),
        )
        .route(
            "/wnioski/{id}/sprawozdanie",
            post(grants::application::report).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/wnioski/{id}/sprawozdania/{report_id}",
            post(grants::application::decide_report),
        )
        .route(
            "/wnioski/{id}/pliki/{file_id}",
            get(grants::application::file),
        )
        .route("/praktyki", get(practices::search))
        .route(
            "/praktyki/nowa",
            get(practices::new_form).post(practices::create),
        )
        .route("/praktyki/przeglad", get(practices::queue))
        .route("/praktyki/{id}", get(practices::show))
        .route(
            "/praktyki/{id}/edycja",
            get(practices::edit_form).post(practices::edit),
        )
        .route("/praktyki/{id}/przeglad", post(practices::review))
        .route("/praktyki/atom.xml", get(practice_extras::atom))
        .route(
            "/praktyki/{id}/zalaczniki",
            post(practice_extras::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/praktyki/{id}/zalaczniki/{aid}",
            get(practice_extras::file),
        )
        .route(
            "/praktyki/{id}/zalaczniki/{aid}/usun",
            post(practice_extras::remove),
        )
        .route("/{slug}/praktyki", get(practice_extras::of_municipality))
        .route("/spotkania", get(meetings::list))
        .route(
            "/spotkania/nowe",
            get(meetings::new_form).post(meetings::create),
        )
        .route("/spotkania/{id}", get(meetings::show))
        .route(
            "/spotkania/{id}/edycja",
            get(meetings::edit_form).post(meetings::edit),
        )
        .route(
            "/spotkania/{id}/materialy",
            post(meetings::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/spotkania/{id}/materialy/{aid}", get(meetings::file))
        .route("/{slug}/nabory", get(grants::public::calls))
        .route("/{slug}/inicjatywy", get(grants::public::initiatives))
        .route("/{slug}/urzad", get(grants::office::office))
        .route(
            "/{slug}/urzad/programy",
            post(grants::office::create_programme),
        )
        .route("/{slug}/urzad/nabory", post(grants::office::create_call))
        .route("/{slug}", get(municipalities::show))
        .merge(calendar::routes())
        .merge(purchases::routes())
        .merge(small_grants::routes())
        .merge(council::routes())
        .merge(consultations::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn(csrf::verify))
        .layer(sessions)
}

async fn not_found(visitor: Visitor) -> PageError {
    PageError::NotFound(visitor.lang)
}

/// What every page's layout needs: language, title, the user, the CSRF token.
pub struct Chrome {
    pub lang: Lang,
    pub title: String,
    pub user_name: Option<String>,
    pub csrf: String,
    pub path: String,
    /// Show the evaluator's link in the header.
    pub is_evaluator: bool,
}

impl Chrome {
    /// Builds the layout context; `title_key` is a Fluent key.
    pub async fn new(v: &Visitor, title_key: &str) -> Chrome {
        let title = i18n::t(v.lang, title_key);
        Self::titled(v, title).await
    }

    /// Builds the layout context with a title that is not a Fluent key (e.g. a name). A CSRF
    /// token is made only for logged-in users (the logout form), so anonymous reading does not
    /// create sessions; pages with forms use [`Chrome::form`].
    pub async fn titled(v: &Visitor, title: String) -> Chrome {
        let csrf = if v.user.is_some() {
            csrf::token(&v.session).await
        } else {
            String::new()
        };
        Chrome {
            lang: v.lang,
            title,
            user_name: v.user.as_ref().map(|u| u.name.clone()),
            csrf,
            path: v.path.clone(),
            is_evaluator: v
                .user
                .as_ref()
                .is_some_and(|u| u.has_role(domain::accounts::Role::Evaluator)),
        }
    }

    /// The layout context of a page with a form (always has a CSRF token).
    pub async fn form(v: &Visitor, title_key: &str) -> Chrome {
        let mut c = Self::new(v, title_key).await;
        if c.csrf.is_empty() {
            c.csrf = csrf::token(&v.session).await;
        }
        c
    }

    /// The same layout with a title that is not a Fluent key.
    pub fn retitled(mut self, title: String) -> Chrome {
        self.title = title;
        self
    }

    /// The interface text of `key`.
    pub fn t(&self, key: &str) -> String {
        i18n::t(self.lang, key)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// The link that switches to the other language and comes back here.
    pub fn switch_href(&self) -> String {
        let other = match self.lang {
            Lang::Pl => "en",
            Lang::En => "pl",
        };
        format!("/jezyk/{other}?powrot={}", urlencode(&self.path))
    }

    pub fn switch_label(&self) -> &'static str {
        match self.lang {
            Lang::Pl => "English",
            Lang::En => "Polski",
        }
    }

    pub fn switch_lang(&self) -> &'static str {
        match self.lang {
            Lang::Pl => "en",
            Lang::En => "pl",
        }
    }
}

/// Percent-encodes a value for a query string.
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|q| q.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

/// Field errors of a form, already in the page's language.
#[derive(Default)]
pub struct FormErrors {
    items: Vec<(String, String)>,
}

impl FormErrors {
    pub fn new(errors: &[FieldError], lang: Lang) -> Self {
        FormErrors {
            items: errors
                .iter()
                .map(|e| (e.field.clone(), e.message(lang).to_string()))
                .collect(),
        }
    }

    /// The message for a field, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `(anchor id, message)` for the summary at the top of the form.
    pub fn summary(&self) -> Vec<(String, String)> {
        self.items
            .iter()
            .map(|(f, m)| (field_id(f), m.clone()))
            .collect()
    }
}

/// The HTML id of a field's input (`members[1].name` → `f-members-1-name`).
pub fn field_id(field: &str) -> String {
    let mut id = String::from("f-");
    for ch in field.chars() {
        if ch.is_ascii_alphanumeric() {
            id.push(ch);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// A page that could not be shown.
#[derive(Debug)]
pub enum PageError {
    NotFound(Lang),
    /// Not logged in: go to the login page and come back.
    Login(String),
    Internal(String),
}

impl From<store::StoreError> for PageError {
    fn from(e: store::StoreError) -> Self {
        match e {
            store::StoreError::NotFound => PageError::NotFound(Lang::Pl),
            other => PageError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Login(back) => {
                Redirect::to(&format!("/logowanie?powrot={}", urlencode(&back))).into_response()
            }
            PageError::NotFound(lang) => (
                StatusCode::NOT_FOUND,
                Html(simple_page(
                    lang,
                    &i18n::t(lang, "error-404-title"),
                    &i18n::t(lang, "error-404-body"),
                )),
            )
                .into_response(),
            PageError::Internal(why) => {
                tracing::error!(error = %why, "internal error on a page");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(simple_page(
                        Lang::Pl,
                        &i18n::t(Lang::Pl, "error-500-title"),
                        &i18n::t(Lang::Pl, "error-500-body"),
                    )),
                )
                    .into_response()
            }
        }
    }
}

fn simple_page(lang: Lang, title: &str, body: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — wspólnie</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\
         <body><a class=\"skip-link\" href=\"#tresc\">{}</a><header class=\"site-header\"><div class=\"wrap\">\
         <a class=\"brand\" href=\"/\">wspólnie</a></div></header><main id=\"tresc\" tabindex=\"-1\" class=\"wrap\">\
         <h1>{}</h1><p>{}</p><p><a href=\"/\">{}</a></p></main></body></html>",
        lang.code(),
        esc(title),
        esc(&i18n::t(lang, "skip-link")),
        esc(title),
        esc(body),
        esc(&i18n::t(lang, "nav-home")),
    )
}

/// Requires a logged-in user on a page, or sends the visitor to the login page.
pub fn require_user(v: &Visitor) -> Result<&store::accounts::User, PageError> {
    v.user
        .as_ref()
        .ok_or_else(|| PageError::Login(v.path.clone()))
}

/// Formats an instant stored as microseconds, in Warsaw time.
pub fn when(micros: i64, lang: Lang) -> String {
    domain::time::format_warsaw(domain::time::from_micros(micros), lang)
}
