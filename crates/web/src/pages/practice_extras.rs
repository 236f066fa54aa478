//! Good-practice extras on pages: attachments on the practice form (upload, removal, download),
//! a municipality's published practices, and the Atom feed of new practices.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::practices::attachments::Owner;

use super::practices::{PracticeForm, edit_target, form_errors, instrument_label};
use super::{Chrome, PageError, require_user};
use crate::AppState;
use crate::api::practice_extras::{add_attachment, download, read_upload};
use crate::api::practices::{can_edit, visible};
use crate::auth::Visitor;
use crate::error::ApiError;

/// Adds an attachment from the practice's edit form (multipart; CSRF token in the query).
pub async fn upload(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    mut mp: Multipart,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let view = visible(&state, Some(&user), &id)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    if !can_edit(&user, &view.practice) {
        return Err(PageError::NotFound(v.lang));
    }
    let result = match read_upload(&mut mp).await {
        Ok((name, bytes)) => add_attachment(&state, &user, Owner::Practice(&id), &name, bytes)
            .await
            .map(|_| ()),
        Err(e) => Err(ApiError::Invalid(vec![e])),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/praktyki/{id}/edycja#zalaczniki")).into_response()),
        Err(err) => {
            let target = edit_target(&state, &v, &view.practice).await?;
            form_errors(
                &v,
                "gp-edit-title",
                PracticeForm::from_practice(&view.practice, &view.municipality.slug),
                err,
                format!("/praktyki/{id}/edycja"),
                vec![],
                target,
            )
            .await
        }
    }
}

/// Removes an attachment (from the edit form).
pub async fn remove(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let view = visible(&state, Some(&user), &id)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    if !can_edit(&user, &view.practice) || !store::ids::looks_like_id(&aid) {
        return Err(PageError::NotFound(v.lang));
    }
    match store::practices::attachments::remove(
        &state.db,
        Owner::Practice(&id),
        &aid,
        &user.id,
        state.now(),
    )
    .await
    {
        Ok(()) | Err(store::StoreError::NotFound) => {
            Ok(Redirect::to(&format!("/praktyki/{id}/edycja#zalaczniki")).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Downloads an attachment (anyone once published; before that who may change the practice).
pub async fn file(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let view = visible(&state, v.user.as_ref(), &id)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    if !store::ids::looks_like_id(&aid) {
        return Err(PageError::NotFound(v.lang));
    }
    let f = store::practices::attachments::get(&state.db, Owner::Practice(&id), &aid)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    Ok(download(f, view.practice.is_published()))
}

pub struct Row {
    pub id: String,
    pub title: String,
    pub meta: String,
    pub summary: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/municipality.html")]
pub struct MunicipalityPage {
    c: Chrome,
    name: String,
    slug: String,
    count_label: String,
    rows: Vec<Row>,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    pub offset: Option<String>,
}

const PER_PAGE: u64 = 20;

/// `/{slug}/praktyki`: the municipality's published practices, newest first.
pub async fn of_municipality(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<MunicipalityPage, PageError> {
    let m = store::municipalities::by_slug(&state.db, &slug)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    // A bad offset shows the first page rather than an error.
    let offset = q
        .offset
        .as_deref()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|n| *n <= 1_000_000)
        .unwrap_or(0);
    let filters = store::practices::Filters {
        municipality_id: Some(m.id.clone()),
        ..Default::default()
    };
    let page = store::practices::search(&state.db, "", &filters, PER_PAGE, offset).await?;
    let rows = page
        .hits
        .into_iter()
        .map(|h| {
            let mut meta = vec![instrument_label(h.practice.instrument.as_deref(), v.lang)];
            if let Some(y) = h.practice.year {
                meta.push(y.to_string());
            }
            if let Some(p) = h.practice.published_at {
                meta.push(super::practices::when(p, v.lang));
            }
            Row {
                meta: meta
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
                id: h.practice.id,
                title: h.practice.title,
                summary: h.practice.summary,
            }
        })
        .collect();
    let link = |o: u64| format!("/{}/praktyki?offset={o}", m.slug);
    let c = Chrome::new(&v, "gp-title").await;
    let title = format!("{} — {}", c.t("gp-of-municipality"), m.name);
    Ok(MunicipalityPage {
        c: c.retitled(title),
        count_label: crate::i18n::t_args(
            v.lang,
            "gp-found",
            &[("count", (page.total as i64).into())],
        ),
        prev: (offset > 0).then(|| link(offset.saturating_sub(PER_PAGE))),
        next: (offset + PER_PAGE < page.total).then(|| link(offset + PER_PAGE)),
        name: m.name,
        slug: m.slug,
        rows,
    })
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The site's address as the request reached it (for the feed's absolute links).
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// How many practices the feed carries.
pub const FEED_SIZE: u64 = 50;

/// `/praktyki/atom.xml`: the newest published practices as an Atom 1.0 feed (author: the
/// municipality).
pub async fn atom(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let base = base_url(&state, &headers);
    let items = store::practices::newest_published(&state.db, Some(FEED_SIZE)).await?;
    let rfc = |us: i64| domain::time::to_rfc3339_warsaw(domain::time::from_micros(us));
    let updated = items
        .iter()
        .map(|v| {
            v.practice
                .updated_at
                .max(v.practice.published_at.unwrap_or(0))
        })
        .max()
        .map(rfc)
        .unwrap_or_else(|| rfc(0));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"pl\">\n");
    xml.push_str(&format!("  <id>{}/praktyki</id>\n", xml_escape(&base)));
    xml.push_str("  <title>Dobre praktyki — wspólnie</title>\n");
    xml.push_str("  <subtitle>Nowe opublikowane dobre praktyki gmin</subtitle>\n");
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}/praktyki/atom.xml\"/>\n",
        xml_escape(&base)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}/praktyki\"/>\n",
        xml_escape(&base)
    ));
    xml.push_str("  <author><name>wspólnie</name></author>\n");
    xml.push_str("  <generator>wspólnie</generator>\n");
    for v in &items {
        let p = &v.practice;
        let href = format!("{base}/praktyki/{}", p.id);
        let published = p.published_at.unwrap_or(p.created_at);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&href)));
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(&p.title)));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            rfc(p.updated_at.max(published))
        ));
        xml.push_str(&format!("    <published>{}</published>\n", rfc(published)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&href)
        ));
        xml.push_str(&format!(
            "    <author><name>{}</name><uri>{}/{}</uri></author>\n",
            xml_escape(&v.municipality.name),
            xml_escape(&base),
            xml_escape(&v.municipality.slug)
        ));
        for t in p.topic_list() {
            xml.push_str(&format!("    <category term=\"{}\"/>\n", xml_escape(&t)));
        }
        xml.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            xml_escape(&p.summary)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        xml,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn xml_text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            xml_escape("<a href=\"x\">Tom & 'Jerry'</a>\u{1}\u{b}ż"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;ż"
        );
    }
}
