//! The list of municipalities and each municipality's page.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use domain::organisations::OrganisationKind;

use super::{Chrome, PageError};
use crate::AppState;
use crate::auth::Visitor;

pub struct Group {
    pub name: String,
    pub members: Vec<store::municipalities::Municipality>,
}

#[derive(Template, WebTemplate)]
#[template(path = "municipalities.html")]
pub struct ListPage {
    c: Chrome,
    groups: Vec<Group>,
    independent: Vec<store::municipalities::Municipality>,
}

pub async fn list(State(state): State<AppState>, v: Visitor) -> Result<ListPage, PageError> {
    let groups = store::municipalities::metropolises(&state.db)
        .await?
        .into_iter()
        .map(|(m, members)| Group {
            name: m.name,
            members,
        })
        .collect();
    let independent = store::municipalities::list(&state.db)
        .await?
        .into_iter()
        .filter(|m| m.metropolis_id.is_none())
        .collect();
    Ok(ListPage {
        c: Chrome::new(&v, "municipalities-title").await,
        groups,
        independent,
    })
}

pub struct OrgLink {
    pub id: String,
    pub name: String,
    pub kind_label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "municipality.html")]
pub struct ShowPage {
    c: Chrome,
    m: store::municipalities::Municipality,
    metropolis: Option<String>,
    organisations: Vec<OrgLink>,
    count_label: String,
    is_officer: bool,
    /// Published good practices of this municipality: (id, title).
    practices: Vec<(String, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
) -> Result<ShowPage, PageError> {
    let m = store::municipalities::by_slug(&state.db, &slug)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    let metropolis = match &m.metropolis_id {
        Some(id) => store::municipalities::metropolis(&state.db, id)
            .await?
            .map(|x| x.name),
        None => None,
    };
    let organisations = store::organisations::in_municipality(&state.db, &m.id)
        .await?
        .into_iter()
        .map(|o| OrgLink {
            kind_label: OrganisationKind::parse(&o.kind)
                .map(|k| k.label(v.lang).to_string())
                .unwrap_or_default(),
            id: o.id,
            name: o.name,
        })
        .collect();
    let organisations: Vec<OrgLink> = organisations;
    let count_label = crate::i18n::t_args(
        v.lang,
        "organisations-count",
        &[("count", (organisations.len() as i64).into())],
    );
    let is_officer = v
        .user
        .as_ref()
        .is_some_and(|u| crate::api::grants::is_officer(u, &m.id));
    let filters = store::practices::Filters {
        municipality_id: Some(m.id.clone()),
        ..Default::default()
    };
    let practices = store::practices::search(&state.db, "", &filters, 50, 0)
        .await?
        .hits
        .into_iter()
        .map(|h| (h.practice.id, h.practice.title))
        .collect();
    Ok(ShowPage {
        practices,
        is_officer,
        c: Chrome::titled(&v, m.name.clone()).await,
        m,
        metropolis,
        organisations,
        count_label,
    })
}
