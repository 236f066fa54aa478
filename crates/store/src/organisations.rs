//! NGOs and informal groups, their members and representatives.

use domain::organisations::{OrganisationKind, ValidOrganisation};
use domain::time::to_micros;
use jiff::Timestamp;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use crate::audit::{self, NewEntry};
use crate::entities::{
    municipality, organisation, organisation_member, organisation_representative,
};
use crate::error::is_unique_violation;
use crate::ids::new_id;
use crate::{Db, StoreError};

pub use organisation::Model as Organisation;
pub use organisation_member::Model as MemberRow;

/// An organisation with everything its page shows.
#[derive(Clone, Debug)]
pub struct OrganisationView {
    pub organisation: Organisation,
    pub kind: OrganisationKind,
    pub municipality_slug: String,
    pub municipality_name: String,
    pub members: Vec<MemberRow>,
    pub representative_ids: Vec<String>,
    pub patron: Option<Organisation>,
}

/// Registers an organisation in a municipality; the creator becomes its representative.
/// `409` when an NGO with the same KRS is already registered there; `422` when the patron is not
/// an NGO of the same municipality. Audited as `organisation.create`.
pub async fn create(
    db: &Db,
    org: &ValidOrganisation,
    municipality_id: &str,
    patron_organisation_id: Option<&str>,
    creator_user_id: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    if let Some(patron_id) = patron_organisation_id {
        let patron = organisation::Entity::find_by_id(patron_id.to_string())
            .one(&txn)
            .await?;
        let ok = patron.is_some_and(|p| {
            p.kind == OrganisationKind::Ngo.as_str() && p.municipality_id == municipality_id
        });
        if !ok {
            return Err(StoreError::invalid(
                "patron_organisation_id",
                "Organizacja patronacka musi być organizacją pozarządową zarejestrowaną w tej samej gminie.",
                "The patron must be an NGO registered in the same municipality.",
            ));
        }
    }
    let id = new_id();
    let res = organisation::ActiveModel {
        id: Set(id.clone()),
        kind: Set(org.kind.as_str().to_string()),
        name: Set(org.name.clone()),
        municipality_id: Set(municipality_id.to_string()),
        krs: Set(org.krs.as_ref().map(|k| k.as_str().to_string())),
        nip: Set(org.nip.as_ref().map(|n| n.as_str().to_string())),
        regon: Set(org.regon.as_ref().map(|r| r.as_str().to_string())),
        patron_organisation_id: Set(patron_organisation_id.map(str::to_string)),
        created_by: Set(creator_user_id.to_string()),
        created_at: Set(now_us),
        updated_at: Set(now_us),
    }
    .insert(&txn)
    .await;
    match res {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            return Err(StoreError::conflict(
                "krs",
                "Organizacja z tym numerem KRS jest już zarejestrowana w tej gminie. Poproś jej przedstawiciela o dodanie Cię.",
                "An organisation with this KRS number is already registered in this municipality. Ask its representative to add you.",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let leader = org.members.iter().position(|m| m.adult);
    for (i, m) in org.members.iter().enumerate() {
        organisation_member::ActiveModel {
            id: Set(new_id()),
            organisation_id: Set(id.clone()),
            position: Set(i as i32),
            name: Set(m.name.as_str().to_string()),
            adult: Set(m.adult),
            is_leader: Set(Some(i) == leader),
        }
        .insert(&txn)
        .await?;
    }
    organisation_representative::ActiveModel {
        id: Set(new_id()),
        organisation_id: Set(id.clone()),
        user_id: Set(creator_user_id.to_string()),
        created_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(creator_user_id),
            municipality_id: Some(municipality_id),
            action: "organisation.create",
            subject_type: "organisation",
            subject_id: Some(&id),
            details: json!({
                "kind": org.kind.as_str(),
                "name": org.name,
                "krs": org.krs.as_ref().map(|k| k.as_str()),
                "nip": org.nip.as_ref().map(|k| k.as_str()),
                "regon": org.regon.as_ref().map(|k| k.as_str()),
                "members": org.members.len(),
                "patron_organisation_id": patron_organisation_id,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// An organisation with its members, representatives, patron and municipality.
pub async fn get(db: &Db, id: &str) -> Result<Option<OrganisationView>, StoreError> {
    let conn = db.read();
    let Some(org) = organisation::Entity::find_by_id(id.to_string())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(kind) = OrganisationKind::parse(&org.kind) else {
        return Ok(None);
    };
    let m = municipality::Entity::find_by_id(org.municipality_id.clone())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let members = organisation_member::Entity::find()
        .filter(organisation_member::Column::OrganisationId.eq(id))
        .order_by_asc(organisation_member::Column::Position)
        .all(conn)
        .await?;
    let representative_ids = organisation_representative::Entity::find()
        .filter(organisation_representative::Column::OrganisationId.eq(id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let patron = match &org.patron_organisation_id {
        Some(p) => {
            organisation::Entity::find_by_id(p.clone())
                .one(conn)
                .await?
        }
        None => None,
    };
    Ok(Some(OrganisationView {
        organisation: org,
        kind,
        municipality_slug: m.slug,
        municipality_name: m.name,
        members,
        representative_ids,
        patron,
    }))
}

/// The organisations a user represents, by name.
pub async fn of_user(db: &Db, user_id: &str) -> Result<Vec<Organisation>, StoreError> {
    let conn = db.read();
    let ids: Vec<String> = organisation_representative::Entity::find()
        .filter(organisation_representative::Column::UserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.organisation_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .order_by_asc(organisation::Column::Name)
        .all(conn)
        .await?)
}

/// The NGOs of a municipality (e.g. to choose a patron), by name.
pub async fn ngos_in(db: &Db, municipality_id: &str) -> Result<Vec<Organisation>, StoreError> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::MunicipalityId.eq(municipality_id))
        .filter(organisation::Column::Kind.eq(OrganisationKind::Ngo.as_str()))
        .order_by_asc(organisation::Column::Name)
        .all(db.read())
        .await?)
}

/// Every organisation of a municipality, by name.
pub async fn in_municipality(
    db: &Db,
    municipality_id: &str,
) -> Result<Vec<Organisation>, StoreError> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::MunicipalityId.eq(municipality_id))
        .order_by_asc(organisation::Column::Name)
        .all(db.read())
        .await?)
}
