//! Home page, accessibility statement, language switch, stylesheet.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use domain::Lang;
use serde::Deserialize;

use super::{Chrome, PageError};
use crate::AppState;
use crate::auth::Visitor;

pub struct PlaceLink {
    pub slug: String,
    pub name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    c: Chrome,
    municipalities: Vec<PlaceLink>,
}

pub async fn home(State(state): State<AppState>, v: Visitor) -> Result<HomePage, PageError> {
    let municipalities = store::municipalities::list(&state.db)
        .await?
        .into_iter()
        .map(|m| PlaceLink {
            slug: m.slug,
            name: m.name,
        })
        .collect();
    Ok(HomePage {
        c: Chrome::new(&v, "home-title").await,
        municipalities,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "accessibility.html")]
pub struct AccessibilityPage {
    c: Chrome,
}

pub async fn accessibility(v: Visitor) -> AccessibilityPage {
    AccessibilityPage {
        c: Chrome::new(&v, "a11y-title").await,
    }
}

#[derive(Deserialize)]
pub struct Back {
    powrot: Option<String>,
}

/// Remembers the chosen language for a year and goes back to the page the visitor was on.
pub async fn switch_language(Path(code): Path<String>, Query(back): Query<Back>) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let target = back
        .powrot
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        lang.code()
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(&target)).into_response()
}

pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.js"),
    )
        .into_response()
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/style.css"),
    )
        .into_response()
}
