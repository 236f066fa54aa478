//! `/organisations`: registering NGOs and informal groups, reading them.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::accounts::Role;
use domain::organisations::{MemberDraft, OrganisationDraft, validate_organisation};
use serde::{Deserialize, Serialize};
use store::accounts::User;
use store::organisations::OrganisationView;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, ApiJson, Problem};

#[derive(Deserialize, ToSchema)]
pub struct MemberIn {
    pub name: Option<String>,
    /// Whether the member is an adult (18+).
    pub adult: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
pub struct OrganisationIn {
    /// `ngo` or `informal_group`.
    pub kind: Option<String>,
    pub name: Option<String>,
    /// The municipality's slug.
    pub municipality: Option<String>,
    /// Required for an NGO (10 digits).
    pub krs: Option<String>,
    pub nip: Option<String>,
    pub regon: Option<String>,
    /// An informal group's members: at least 3 adults; the first adult is the leader.
    pub members: Option<Vec<MemberIn>>,
    /// An NGO of the same municipality that supports an informal group.
    pub patron_organisation_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub name: String,
    pub adult: bool,
    pub leader: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OrganisationOut {
    pub id: String,
    /// `ngo` or `informal_group`.
    pub kind: String,
    pub name: String,
    /// The municipality's slug.
    pub municipality: String,
    pub krs: Option<String>,
    pub nip: Option<String>,
    pub regon: Option<String>,
    pub patron_organisation_id: Option<String>,
    pub patron_name: Option<String>,
    pub member_count: usize,
    /// Members' names: only for the group's representatives and the municipality's officers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<MemberOut>>,
    /// Whether the caller represents this organisation.
    pub is_representative: bool,
    pub created_at: String,
}

/// Whether `user` may see the members' personal data of this organisation.
pub fn can_see_members(view: &OrganisationView, user: Option<&User>) -> bool {
    user.is_some_and(|u| {
        view.representative_ids.contains(&u.id)
            || u.has_role_in(Role::Officer, &view.organisation.municipality_id)
            || u.is_platform_admin()
    })
}

impl OrganisationOut {
    pub fn from_view(view: &OrganisationView, user: Option<&User>) -> Self {
        let o = &view.organisation;
        OrganisationOut {
            id: o.id.clone(),
            kind: o.kind.clone(),
            name: o.name.clone(),
            municipality: view.municipality_slug.clone(),
            krs: o.krs.clone(),
            nip: o.nip.clone(),
            regon: o.regon.clone(),
            patron_organisation_id: o.patron_organisation_id.clone(),
            patron_name: view.patron.as_ref().map(|p| p.name.clone()),
            member_count: view.members.len(),
            members: can_see_members(view, user).then(|| {
                view.members
                    .iter()
                    .map(|m| MemberOut {
                        name: m.name.clone(),
                        adult: m.adult,
                        leader: m.is_leader,
                    })
                    .collect()
            }),
            is_representative: user.is_some_and(|u| view.representative_ids.contains(&u.id)),
            created_at: domain::time::to_rfc3339_warsaw(domain::time::from_micros(o.created_at)),
        }
    }
}

/// Validates and registers an organisation for `user` (shared by the API and the page).
pub async fn register_organisation(
    state: &AppState,
    user: &User,
    draft: OrganisationDraft,
    municipality_slug: Option<&str>,
    patron_id: Option<&str>,
) -> Result<String, ApiError> {
    let mut errors = Vec::new();
    let municipality = match municipality_slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => store::municipalities::by_slug(&state.db, slug).await?,
        None => None,
    };
    if municipality.is_none() {
        errors.push(FieldError {
            field: "municipality".into(),
            message_pl: "Wybierz gminę z listy.".into(),
            message_en: "Choose a municipality from the list.".into(),
        });
    }
    let valid = match validate_organisation(&draft) {
        Ok(v) => Some(v),
        Err(mut e) => {
            errors.append(&mut e);
            None
        }
    };
    let patron_id = patron_id.map(str::trim).filter(|s| !s.is_empty());
    if let (Some(v), Some(_)) = (&valid, patron_id)
        && v.kind != domain::organisations::OrganisationKind::InformalGroup
    {
        errors.push(FieldError {
            field: "patron_organisation_id".into(),
            message_pl: "Organizację patronacką może mieć tylko grupa nieformalna.".into(),
            message_en: "Only an informal group can have a patron organisation.".into(),
        });
    }
    match (valid, municipality) {
        (Some(v), Some(m)) if errors.is_empty() => Ok(store::organisations::create(
            &state.db,
            &v,
            &m.id,
            patron_id,
            &user.id,
            state.now(),
        )
        .await?),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Register an NGO or an informal group; the caller becomes its representative.
#[utoipa::path(post, path = "/organisations", tag = "organisations", request_body = OrganisationIn,
    security(("bearer" = [])),
    responses(
        (status = 201, body = OrganisationOut),
        (status = 401, body = Problem),
        (status = 409, description = "An NGO with this KRS is already registered in the municipality", body = Problem),
        (status = 422, description = "Bad NIP/REGON/KRS, NGO without KRS, informal group under 3 adults", body = Problem),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<OrganisationIn>,
) -> Result<(StatusCode, Json<OrganisationOut>), ApiError> {
    let draft = OrganisationDraft {
        kind: input.kind,
        name: input.name,
        krs: input.krs,
        nip: input.nip,
        regon: input.regon,
        members: input
            .members
            .unwrap_or_default()
            .into_iter()
            .map(|m| MemberDraft {
                name: m.name.unwrap_or_default(),
                adult: m.adult.unwrap_or(false),
            })
            .collect(),
    };
    let id = register_organisation(
        &state,
        &user,
        draft,
        input.municipality.as_deref(),
        input.patron_organisation_id.as_deref(),
    )
    .await?;
    let view = store::organisations::get(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(OrganisationOut::from_view(&view, Some(&user))),
    ))
}

/// An organisation. Members' names only for its representatives and the municipality's officers.
#[utoipa::path(get, path = "/organisations/{id}", tag = "organisations",
    params(("id" = String, Path, description = "Organisation id")),
    responses((status = 200, body = OrganisationOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<OrganisationOut>, ApiError> {
    if !store::ids::looks_like_id(&id) {
        return Err(ApiError::NotFound);
    }
    let view = store::organisations::get(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(OrganisationOut::from_view(&view, user.as_ref())))
}
