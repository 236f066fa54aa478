use domain::Grosze;
use domain::grants::ValidCall;
use domain::time::to_micros;
use jiff::Timestamp;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::entities::{call, criterion, programme};
use super::g;
use crate::audit::{self, NewEntry};
use crate::entities::municipality;
use crate::ids::new_id;
use crate::{Db, StoreError};

pub use call::Model as Call;
pub use criterion::Model as Criterion;
pub use programme::Model as Programme;

/// A call with its criteria and where it belongs.
#[derive(Clone, Debug)]
pub struct CallView {
    pub call: Call,
    pub criteria: Vec<Criterion>,
    pub programme: Programme,
    pub municipality: municipality::Model,
}

impl CallView {
    pub fn is_published(&self) -> bool {
        self.call.status == "published"
    }
    pub fn results_published(&self) -> bool {
        self.call.results_status == "published"
    }
    pub fn max_total(&self) -> u32 {
        self.criteria
            .iter()
            .map(|c| c.max_points.max(0) as u32)
            .sum()
    }
    pub fn opens_at(&self) -> Timestamp {
        domain::time::from_micros(self.call.opens_at)
    }
    pub fn closes_at(&self) -> Timestamp {
        domain::time::from_micros(self.call.closes_at)
    }
    pub fn phase(&self, now: Timestamp) -> domain::grants::CallPhase {
        domain::grants::phase(
            now,
            self.opens_at(),
            self.closes_at(),
            self.results_published(),
        )
    }
    pub fn applicant_kinds(&self) -> Vec<domain::organisations::OrganisationKind> {
        self.call
            .applicant_kinds
            .split(',')
            .filter_map(domain::organisations::OrganisationKind::parse)
            .collect()
    }
}

/// Creates a programme (e.g. "Mikrogranty 2027", 100 000 zł). Audited.
#[allow(clippy::too_many_arguments)]
pub async fn create_programme(
    db: &Db,
    municipality_id: &str,
    name: &str,
    kind: &str,
    year: i32,
    budget: Grosze,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let id = new_id();
    let txn = db.begin().await?;
    programme::ActiveModel {
        id: Set(id.clone()),
        municipality_id: Set(municipality_id.to_string()),
        name: Set(name.to_string()),
        kind: Set(kind.to_string()),
        year: Set(year),
        budget: Set(budget.as_grosze()),
        created_by: Set(actor.to_string()),
        created_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(municipality_id),
            action: "programme.create",
            subject_type: "programme",
            subject_id: Some(&id),
            details: json!({"name": name, "kind": kind, "year": year, "budget": budget.to_string()}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn programme(db: &Db, id: &str) -> Result<Option<Programme>, StoreError> {
    Ok(programme::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?)
}

pub async fn programmes_of(db: &Db, municipality_id: &str) -> Result<Vec<Programme>, StoreError> {
    Ok(programme::Entity::find()
        .filter(programme::Column::MunicipalityId.eq(municipality_id))
        .order_by_desc(programme::Column::Year)
        .order_by_asc(programme::Column::Name)
        .all(db.read())
        .await?)
}

/// What the programme still has for new calls: its budget minus the budgets of its calls.
pub async fn programme_left(
    conn: &impl ConnectionTrait,
    p: &Programme,
) -> Result<Grosze, StoreError> {
    let calls = call::Entity::find()
        .filter(call::Column::ProgrammeId.eq(p.id.clone()))
        .all(conn)
        .await?;
    let used: i64 = calls.iter().map(|c| c.budget).sum();
    Ok(g(p.budget).saturating_sub(g(used)))
}

/// Creates a draft call with its criteria; `422` if its budget exceeds what the programme has left
/// (checked again inside the write transaction). Audited.
pub async fn create_call(
    db: &Db,
    programme_id: &str,
    c: &ValidCall,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let p = programme::Entity::find_by_id(programme_id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let left = programme_left(&txn, &p).await?;
    if c.budget > left {
        return Err(StoreError::invalid(
            "budget",
            &format!(
                "Budżet naboru przekracza to, co zostało w programie ({}).",
                left.to_polish()
            ),
            &format!(
                "The call's budget exceeds what the programme has left ({}).",
                left.to_polish()
            ),
        ));
    }
    let id = new_id();
    call::ActiveModel {
        id: Set(id.clone()),
        programme_id: Set(p.id.clone()),
        municipality_id: Set(p.municipality_id.clone()),
        title: Set(c.title.clone()),
        rules: Set(c.rules.clone()),
        opens_at: Set(to_micros(c.opens_at)),
        closes_at: Set(to_micros(c.closes_at)),
        min_grant: Set(c.min_grant.as_grosze()),
        max_grant: Set(c.max_grant.as_grosze()),
        budget: Set(c.budget.as_grosze()),
        applicant_kinds: Set(c
            .applicant_kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(",")),
        min_evaluators: Set(c.min_evaluators as i32),
        min_average_percent: Set(c.min_average_percent as i32),
        status: Set("draft".into()),
        results_status: Set("none".into()),
        created_at: Set(now_us),
        published_at: Set(None),
        results_published_at: Set(None),
        submitted_count: Set(0),
    }
    .insert(&txn)
    .await?;
    for (i, cr) in c.criteria.iter().enumerate() {
        criterion::ActiveModel {
            id: Set(new_id()),
            call_id: Set(id.clone()),
            position: Set(i as i32),
            name: Set(cr.name.clone()),
            max_points: Set(cr.max_points as i32),
        }
        .insert(&txn)
        .await?;
    }
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&p.municipality_id),
            action: "call.create",
            subject_type: "call",
            subject_id: Some(&id),
            details: json!({"title": c.title, "budget": c.budget.to_string(),
                "opens_at": c.opens_at.to_string(), "closes_at": c.closes_at.to_string()}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// A call with its criteria, programme and municipality.
pub async fn call_view(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<CallView>, StoreError> {
    let Some(c) = call::Entity::find_by_id(id.to_string()).one(conn).await? else {
        return Ok(None);
    };
    let criteria = criterion::Entity::find()
        .filter(criterion::Column::CallId.eq(id))
        .order_by_asc(criterion::Column::Position)
        .all(conn)
        .await?;
    let programme = programme::Entity::find_by_id(c.programme_id.clone())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let municipality = municipality::Entity::find_by_id(c.municipality_id.clone())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(Some(CallView {
        call: c,
        criteria,
        programme,
        municipality,
    }))
}

/// Publishes a draft call (idempotent). Audited.
pub async fn publish_call(
    db: &Db,
    id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = call::Entity::find_by_id(id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if c.status == "published" {
        return Ok(());
    }
    let municipality_id = c.municipality_id.clone();
    let mut am: call::ActiveModel = c.into();
    am.status = Set("published".into());
    am.published_at = Set(Some(now_us));
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: "call.publish",
            subject_type: "call",
            subject_id: Some(id),
            details: json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Calls of a municipality (all, or only published ones), newest first.
pub async fn calls_of(
    db: &Db,
    municipality_id: &str,
    published_only: bool,
) -> Result<Vec<Call>, StoreError> {
    let mut q = call::Entity::find().filter(call::Column::MunicipalityId.eq(municipality_id));
    if published_only {
        q = q.filter(call::Column::Status.eq("published"));
    }
    Ok(q.order_by_desc(call::Column::OpensAt)
        .all(db.read())
        .await?)
}

/// Every published call (all municipalities), newest first.
pub async fn published_calls(db: &Db) -> Result<Vec<Call>, StoreError> {
    Ok(call::Entity::find()
        .filter(call::Column::Status.eq("published"))
        .order_by_desc(call::Column::OpensAt)
        .all(db.read())
        .await?)
}
