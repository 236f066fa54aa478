//! "My organisations", registering an NGO or an informal group, an organisation's page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::organisations::{MemberDraft, OrganisationDraft, OrganisationKind};
use serde::Deserialize;

use super::{Chrome, FormErrors, PageError, require_user};
use crate::AppState;
use crate::api::organisations::{can_see_members, register_organisation};
use crate::auth::Visitor;
use crate::error::ApiError;

/// How many member rows the form offers (blank rows are ignored).
const MEMBER_ROWS: usize = 8;

pub struct OrgRow {
    pub id: String,
    pub name: String,
    pub kind_label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "my_organisations.html")]
pub struct MinePage {
    c: Chrome,
    organisations: Vec<OrgRow>,
    welcome: bool,
}

#[derive(Deserialize)]
pub struct MineQuery {
    witaj: Option<String>,
}

pub async fn mine(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<MineQuery>,
) -> Result<MinePage, PageError> {
    let user = require_user(&v)?;
    let organisations = store::organisations::of_user(&state.db, &user.id)
        .await?
        .into_iter()
        .map(|o| OrgRow {
            kind_label: OrganisationKind::parse(&o.kind)
                .map(|k| k.label(v.lang).to_string())
                .unwrap_or_default(),
            id: o.id,
            name: o.name,
        })
        .collect();
    Ok(MinePage {
        c: Chrome::new(&v, "my-orgs-title").await,
        organisations,
        welcome: q.witaj.is_some(),
    })
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct PatronGroup {
    pub municipality: String,
    pub ngos: Vec<Choice>,
}

pub struct MemberRowForm {
    pub index: usize,
    pub name: String,
    pub adult: bool,
}

/// What the form shows (also after errors, with what the person typed).
#[derive(Default)]
pub struct OrgFormValues {
    pub kind: String,
    pub name: String,
    pub municipality: String,
    pub krs: String,
    pub nip: String,
    pub regon: String,
    pub patron: String,
    pub members: Vec<(String, bool)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "organisation_form.html")]
pub struct FormPage {
    c: Chrome,
    errors: FormErrors,
    f: OrgFormValues,
    municipalities: Vec<Choice>,
    patrons: Vec<PatronGroup>,
    member_rows: Vec<MemberRowForm>,
}

impl FormPage {
    fn selected_municipality(&self, slug: &str) -> bool {
        self.f.municipality == slug
    }
    fn selected_patron(&self, id: &str) -> bool {
        self.f.patron == id
    }
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    f: OrgFormValues,
    errors: FormErrors,
) -> Result<FormPage, PageError> {
    let all = store::municipalities::list(&state.db).await?;
    let mut patrons = Vec::new();
    for m in &all {
        let ngos = store::organisations::ngos_in(&state.db, &m.id).await?;
        if !ngos.is_empty() {
            patrons.push(PatronGroup {
                municipality: m.name.clone(),
                ngos: ngos
                    .into_iter()
                    .map(|o| Choice {
                        value: o.id,
                        label: o.name,
                    })
                    .collect(),
            });
        }
    }
    let member_rows = (0..MEMBER_ROWS)
        .map(|i| {
            let (name, adult) = f.members.get(i).cloned().unwrap_or_default();
            MemberRowForm {
                index: i,
                name,
                adult,
            }
        })
        .collect();
    let mut c = Chrome::form(v, "org-new-title").await;
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    Ok(FormPage {
        c,
        errors,
        f,
        municipalities: all
            .into_iter()
            .map(|m| Choice {
                value: m.slug,
                label: m.name,
            })
            .collect(),
        patrons,
        member_rows,
    })
}

pub async fn new_form(State(state): State<AppState>, v: Visitor) -> Result<FormPage, PageError> {
    require_user(&v)?;
    let f = OrgFormValues {
        kind: "ngo".into(),
        ..Default::default()
    };
    form_page(&state, &v, f, FormErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    v: Visitor,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, val)| val.clone())
            .unwrap_or_default()
    };
    let mut members = Vec::new();
    for i in 0..MEMBER_ROWS {
        let name = get(&format!("member_name_{i}"));
        let adult = !get(&format!("member_adult_{i}")).is_empty();
        members.push((name, adult));
    }
    let f = OrgFormValues {
        kind: get("kind"),
        name: get("name"),
        municipality: get("municipality"),
        krs: get("krs"),
        nip: get("nip"),
        regon: get("regon"),
        patron: get("patron_organisation_id"),
        members,
    };
    let is_group = f.kind == "informal_group";
    let draft = OrganisationDraft {
        kind: Some(f.kind.clone()).filter(|k| !k.is_empty()),
        name: Some(f.name.clone()),
        krs: Some(f.krs.clone()).filter(|_| !is_group),
        nip: Some(f.nip.clone()).filter(|_| !is_group),
        regon: Some(f.regon.clone()).filter(|_| !is_group),
        members: f
            .members
            .iter()
            .filter(|(name, _)| !name.trim().is_empty())
            .map(|(name, adult)| MemberDraft {
                name: name.clone(),
                adult: *adult,
            })
            .collect(),
    };
    let patron = Some(f.patron.as_str()).filter(|p| is_group && !p.is_empty());
    match register_organisation(&state, &user, draft, Some(&f.municipality), patron).await {
        Ok(id) => Ok(Redirect::to(&format!("/organizacje/{id}?zarejestrowano=1")).into_response()),
        Err(err @ (ApiError::Invalid(_) | ApiError::Conflict(_))) => {
            let errors = match err {
                ApiError::Invalid(e) => e,
                ApiError::Conflict(e) => vec![e],
                _ => vec![],
            };
            let page = form_page(&state, &v, f, FormErrors::new(&errors, v.lang)).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(PageError::Internal(format!("{other:?}"))),
    }
}

pub struct MemberView {
    pub name: String,
    pub adult: bool,
    pub leader: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "organisation.html")]
pub struct ShowPage {
    c: Chrome,
    o: store::organisations::Organisation,
    kind_label: String,
    is_group: bool,
    municipality_slug: String,
    municipality_name: String,
    patron: Option<(String, String)>,
    member_count: usize,
    members: Option<Vec<MemberView>>,
    is_representative: bool,
    created: String,
    just_registered: bool,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    zarejestrowano: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<ShowPage, PageError> {
    if !store::ids::looks_like_id(&id) {
        return Err(PageError::NotFound(v.lang));
    }
    let view = store::organisations::get(&state.db, &id)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    let members = can_see_members(&view, v.user.as_ref()).then(|| {
        view.members
            .iter()
            .map(|m| MemberView {
                name: m.name.clone(),
                adult: m.adult,
                leader: m.is_leader,
            })
            .collect()
    });
    let is_representative = v
        .user
        .as_ref()
        .is_some_and(|u| view.representative_ids.contains(&u.id));
    Ok(ShowPage {
        c: Chrome::titled(&v, view.organisation.name.clone()).await,
        kind_label: view.kind.label(v.lang).to_string(),
        is_group: view.kind == OrganisationKind::InformalGroup,
        municipality_slug: view.municipality_slug.clone(),
        municipality_name: view.municipality_name.clone(),
        patron: view.patron.as_ref().map(|p| (p.id.clone(), p.name.clone())),
        member_count: view.members.len(),
        members,
        is_representative,
        created: super::when(view.organisation.created_at, v.lang),
        just_registered: q.zarejestrowano.is_some(),
        o: view.organisation,
    })
}
