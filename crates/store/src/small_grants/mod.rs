//! Small grants outside a competition (art. 19a): the municipality's yearly pool, offers from NGOs
//! checked against the limits, publication for comments, the decision.
//!
//! An offer is checked and stored in one write transaction that first locks the pool row of the
//! municipality and year (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's writer is exclusive), so
//! offers arriving together are counted against the pool and the per-organisation limit in turn.
//! Statutory dates are Warsaw dates computed by [`domain::small_grants::Schedule`].

pub mod entities;

use std::collections::HashMap;

use domain::organisations::OrganisationKind;
use domain::small_grants::{
    Decision, LimitProblem, OfferStatus, Schedule, ValidOffer, check_organisation_year, check_pool,
    check_pool_setting,
};
use domain::time::{parse_date, to_micros, warsaw};
use domain::{FieldError, Grosze};
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;

use crate::audit::{self, NewEntry};
use crate::entities::{municipality, organisation, organisation_representative, user};
use crate::ids::new_id;
use crate::{Db, StoreError};
pub use entities::small_grant::Model as Offer;
pub use entities::small_grant_pool::Model as Pool;
use entities::{small_grant, small_grant_budget_line, small_grant_comment, small_grant_pool};

/// A budget line of an offer.
#[derive(Clone, Debug)]
pub struct BudgetLineView {
    pub name: String,
    pub amount: Grosze,
}

/// A public comment with its author's display name.
#[derive(Clone, Debug)]
pub struct CommentView {
    pub id: String,
    pub author_user_id: String,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
}

/// An offer with everything its page and the API show.
#[derive(Clone, Debug)]
pub struct OfferView {
    pub offer: Offer,
    pub status: OfferStatus,
    pub organisation_name: String,
    pub representative_ids: Vec<String>,
    pub municipality_slug: String,
    pub municipality_name: String,
    pub amount: Grosze,
    pub start_date: Date,
    pub end_date: Date,
    pub schedule: Schedule,
    pub expected_results: Vec<String>,
    pub budget_lines: Vec<BudgetLineView>,
    pub comments: Vec<CommentView>,
}

impl OfferView {
    /// Whether anyone may see it: it has been published.
    pub fn is_public(&self) -> bool {
        self.status.is_public(self.offer.published_on.is_some())
    }
}

/// A pool with what offers take from it.
#[derive(Clone, Debug)]
pub struct PoolView {
    pub year: i16,
    pub planned_ngo_grants: Grosze,
    pub amount: Grosze,
    /// Offers of the year not refused.
    pub committed: Grosze,
    /// Offers of the year granted.
    pub granted: Grosze,
}

fn money(g: i64) -> Grosze {
    Grosze::from_grosze(g).unwrap_or(Grosze::ZERO)
}

fn date(s: &str) -> Result<Date, StoreError> {
    parse_date(s).map_err(|_| StoreError::Other(anyhow::anyhow!("stored date {s:?} is invalid")))
}

fn limit(field: &str, p: &LimitProblem) -> StoreError {
    StoreError::Conflict(FieldError::new(field, p))
}

/// The Warsaw date of an instant: what "today" means for statutory clocks.
pub fn warsaw_date(now: Timestamp) -> Date {
    now.to_zoned(warsaw()).date()
}

/// Sums of the year's offers that are not refused, for the whole municipality and for one
/// organisation, read inside the caller's transaction.
async fn committed(
    txn: &DatabaseTransaction,
    municipality_id: &str,
    year: i32,
) -> Result<Vec<Offer>, StoreError> {
    Ok(small_grant::Entity::find()
        .filter(small_grant::Column::MunicipalityId.eq(municipality_id))
        .filter(small_grant::Column::Year.eq(year))
        .filter(small_grant::Column::Status.ne(OfferStatus::Refused.as_str()))
        .all(txn)
        .await?)
}

fn total<'a>(offers: impl IntoIterator<Item = &'a Offer>) -> Grosze {
    Grosze::checked_sum(offers.into_iter().map(|o| money(o.amount))).unwrap_or(Grosze::ZERO)
}

async fn lock_pool(
    txn: &DatabaseTransaction,
    municipality_id: &str,
    year: i32,
) -> Result<Option<Pool>, StoreError> {
    Ok(small_grant_pool::Entity::find()
        .filter(small_grant_pool::Column::MunicipalityId.eq(municipality_id))
        .filter(small_grant_pool::Column::Year.eq(year))
        .lock_exclusive()
        .one(txn)
        .await?)
}

// ---- pools ----------------------------------------------------------------------------------

/// The pool of a municipality for a year, with what offers take from it.
pub async fn pool(
    db: &Db,
    municipality_id: &str,
    year: i16,
) -> Result<Option<PoolView>, StoreError> {
    let Some(p) = small_grant_pool::Entity::find()
        .filter(small_grant_pool::Column::MunicipalityId.eq(municipality_id))
        .filter(small_grant_pool::Column::Year.eq(i32::from(year)))
        .one(db.read())
        .await?
    else {
        return Ok(None);
    };
    let offers = small_grant::Entity::find()
        .filter(small_grant::Column::MunicipalityId.eq(municipality_id))
        .filter(small_grant::Column::Year.eq(i32::from(year)))
        .all(db.read())
        .await?;
    Ok(Some(PoolView {
        year,
        planned_ngo_grants: money(p.planned_ngo_grants),
        amount: money(p.amount),
        committed: total(
            offers
                .iter()
                .filter(|o| o.status != OfferStatus::Refused.as_str()),
        ),
        granted: total(
            offers
                .iter()
                .filter(|o| o.status == OfferStatus::Granted.as_str()),
        ),
    }))
}

/// Sets the pool of a year with the planned NGO grants it is a share of. `422` (field `amount`)
/// above 20 % of the planned grants; `409` below what offers already take. Audited as
/// `small_grant_pool.set` with before and after.
pub async fn set_pool(
    db: &Db,
    municipality_id: &str,
    year: i16,
    planned: Grosze,
    amount: Grosze,
    actor: &str,
    now: Timestamp,
) -> Result<PoolView, StoreError> {
    let now_us = to_micros(now);
    let y = i32::from(year);
    let txn = db.begin().await?;
    let existing = lock_pool(&txn, municipality_id, y).await?;
    let committed_sum = total(&committed(&txn, municipality_id, y).await?);
    match check_pool_setting(planned, amount, committed_sum) {
        Ok(()) => {}
        Err(p @ LimitProblem::PoolAboveShare { .. }) => {
            return Err(StoreError::Invalid(vec![FieldError::new("amount", &p)]));
        }
        Err(p) => return Err(limit("amount", &p)),
    }
    let before = existing.as_ref().map(|p| {
        json!({"planned_ngo_grants": money(p.planned_ngo_grants).to_string(),
               "amount": money(p.amount).to_string()})
    });
    match existing {
        Some(p) => {
            let mut am: small_grant_pool::ActiveModel = p.into();
            am.planned_ngo_grants = Set(planned.as_grosze());
            am.amount = Set(amount.as_grosze());
            am.updated_by = Set(actor.to_string());
            am.updated_at = Set(now_us);
            am.update(&txn).await?;
        }
        None => {
            let inserted = small_grant_pool::ActiveModel {
                id: Set(new_id()),
                municipality_id: Set(municipality_id.to_string()),
                year: Set(y),
                planned_ngo_grants: Set(planned.as_grosze()),
                amount: Set(amount.as_grosze()),
                updated_by: Set(actor.to_string()),
                created_at: Set(now_us),
                updated_at: Set(now_us),
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(_) => {}
                // Another officer created the pool at the same moment.
                Err(e) if crate::error::is_unique_violation(&e) => {
                    return Err(StoreError::conflict(
                        "amount",
                        "Pulę na ten rok właśnie ustawiła inna osoba. Odśwież stronę i sprawdź ją.",
                        "Someone else has just set the pool for this year. Reload and check it.",
                    ));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(municipality_id),
            action: "small_grant_pool.set",
            subject_type: "small_grant_pool",
            subject_id: None,
            details: json!({
                "year": year,
                "before": before,
                "after": {"planned_ngo_grants": planned.to_string(), "amount": amount.to_string()},
            }),
        },
    )
    .await?;
    txn.commit().await?;
    pool(db, municipality_id, year)
        .await?
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("pool vanished")))
}

// ---- offers ---------------------------------------------------------------------------------

/// Stores an offer that arrived `now` from an NGO. `422` (field `organisation_id`) when the
/// organisation is not an NGO; `409` when the municipality has no pool for the year, when the
/// organisation would exceed 20 000,00 zł in the year, or the offer does not fit in what is left
/// of the pool. Audited as `small_grant.submit`.
pub async fn submit(
    db: &Db,
    municipality_id: &str,
    organisation_id: &str,
    o: &ValidOffer,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let received_on = warsaw_date(now);
    let schedule = Schedule::new(received_on, None)
        .map_err(|e| StoreError::Invalid(vec![FieldError::new("start_date", &e)]))?;
    let year = i32::from(o.year());
    let txn = db.begin().await?;
    let org = organisation::Entity::find_by_id(organisation_id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if org.kind != OrganisationKind::Ngo.as_str() {
        return Err(StoreError::invalid(
            "organisation_id",
            "Małe granty (art. 19a) mogą otrzymać organizacje pozarządowe, nie grupy nieformalne. Grupa może złożyć ofertę przez organizację patronacką.",
            "Small grants (art. 19a) are for NGOs, not informal groups. A group can apply through its patron organisation.",
        ));
    }
    let pool = lock_pool(&txn, municipality_id, year).await?;
    let offers = committed(&txn, municipality_id, year).await?;
    let org_already = total(
        offers
            .iter()
            .filter(|x| x.organisation_id == organisation_id),
    );
    check_organisation_year(o.year(), org_already, o.amount).map_err(|p| limit("amount", &p))?;
    check_pool(
        o.year(),
        pool.as_ref().map(|p| money(p.amount)),
        total(&offers),
        o.amount,
    )
    .map_err(|p| limit("amount", &p))?;
    let id = new_id();
    small_grant::ActiveModel {
        id: Set(id.clone()),
        municipality_id: Set(municipality_id.to_string()),
        organisation_id: Set(organisation_id.to_string()),
        submitted_by: Set(actor.to_string()),
        title: Set(o.title.clone()),
        description: Set(o.description.clone()),
        start_date: Set(o.start_date.to_string()),
        end_date: Set(o.end_date.to_string()),
        amount: Set(o.amount.as_grosze()),
        year: Set(year),
        expected_results: Set(serde_json::Value::from(o.expected_results.clone()).to_string()),
        status: Set(OfferStatus::Submitted.as_str().to_string()),
        received_at: Set(now_us),
        received_on: Set(received_on.to_string()),
        publish_by: Set(schedule.publish_by.to_string()),
        published_at: Set(None),
        published_on: Set(None),
        comments_until: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        decision_reason: Set(None),
        created_at: Set(now_us),
        updated_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    for (i, line) in o.budget_lines.iter().enumerate() {
        small_grant_budget_line::ActiveModel {
            id: Set(new_id()),
            small_grant_id: Set(id.clone()),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            name: Set(line.name.clone()),
            amount: Set(line.amount.as_grosze()),
        }
        .insert(&txn)
        .await?;
    }
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(municipality_id),
            action: "small_grant.submit",
            subject_type: "small_grant",
            subject_id: Some(&id),
            details: json!({
                "organisation_id": organisation_id,
                "title": o.title,
                "amount": o.amount.to_string(),
                "start_date": o.start_date.to_string(),
                "end_date": o.end_date.to_string(),
                "year": o.year(),
                "received_on": received_on.to_string(),
                "publish_by": schedule.publish_by.to_string(),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// An offer with its organisation, budget, comments and schedule.
pub async fn get(db: &Db, id: &str) -> Result<Option<OfferView>, StoreError> {
    let Some(o) = small_grant::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?
    else {
        return Ok(None);
    };
    let mut v = views(db, vec![o]).await?;
    let Some(mut view) = v.pop() else {
        return Ok(None);
    };
    let conn = db.read();
    view.budget_lines = small_grant_budget_line::Entity::find()
        .filter(small_grant_budget_line::Column::SmallGrantId.eq(id))
        .order_by_asc(small_grant_budget_line::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(|l| BudgetLineView {
            name: l.name,
            amount: money(l.amount),
        })
        .collect();
    let comments = small_grant_comment::Entity::find()
        .filter(small_grant_comment::Column::SmallGrantId.eq(id))
        .order_by_asc(small_grant_comment::Column::CreatedAt)
        .order_by_asc(small_grant_comment::Column::Id)
        .all(conn)
        .await?;
    let author_ids: Vec<String> = comments.iter().map(|c| c.author_user_id.clone()).collect();
    let names: HashMap<String, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(author_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    view.comments = comments
        .into_iter()
        .map(|c| CommentView {
            author_name: names.get(&c.author_user_id).cloned().unwrap_or_default(),
            id: c.id,
            author_user_id: c.author_user_id,
            body: c.body,
            created_at: c.created_at,
        })
        .collect();
    Ok(Some(view))
}

/// The offers of a municipality, newest first (budget lines and comments are not loaded).
pub async fn list(db: &Db, municipality_id: &str) -> Result<Vec<OfferView>, StoreError> {
    let rows = small_grant::Entity::find()
        .filter(small_grant::Column::MunicipalityId.eq(municipality_id))
        .order_by_desc(small_grant::Column::ReceivedAt)
        .all(db.read())
        .await?;
    views(db, rows).await
}

async fn views(db: &Db, rows: Vec<Offer>) -> Result<Vec<OfferView>, StoreError> {
    let conn = db.read();
    let org_ids: Vec<String> = rows.iter().map(|o| o.organisation_id.clone()).collect();
    let orgs: HashMap<String, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut reps: HashMap<String, Vec<String>> = HashMap::new();
    for r in organisation_representative::Entity::find()
        .filter(organisation_representative::Column::OrganisationId.is_in(org_ids))
        .all(conn)
        .await?
    {
        reps.entry(r.organisation_id).or_default().push(r.user_id);
    }
    let m_ids: Vec<String> = rows.iter().map(|o| o.municipality_id.clone()).collect();
    let municipalities: HashMap<String, (String, String)> = municipality::Entity::find()
        .filter(municipality::Column::Id.is_in(m_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.slug, m.name)))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for o in rows {
        let broken = || StoreError::Other(anyhow::anyhow!("offer {} is inconsistent", o.id));
        let (municipality_slug, municipality_name) = municipalities
            .get(&o.municipality_id)
            .cloned()
            .ok_or_else(broken)?;
        let published_on = o.published_on.as_deref().map(date).transpose()?;
        let schedule = Schedule::new(date(&o.received_on)?, published_on)
            .map_err(|e| StoreError::Other(anyhow::anyhow!("offer {}: {e}", o.id)))?;
        out.push(OfferView {
            status: OfferStatus::parse(&o.status).ok_or_else(broken)?,
            organisation_name: orgs.get(&o.organisation_id).cloned().unwrap_or_default(),
            representative_ids: reps.get(&o.organisation_id).cloned().unwrap_or_default(),
            municipality_slug,
            municipality_name,
            amount: money(o.amount),
            start_date: date(&o.start_date)?,
            end_date: date(&o.end_date)?,
            schedule,
            expected_results: serde_json::from_str(&o.expected_results).unwrap_or_default(),
            budget_lines: Vec::new(),
            comments: Vec::new(),
            offer: o,
        });
    }
    Ok(out)
}

async fn lock_offer(txn: &DatabaseTransaction, id: &str) -> Result<Offer, StoreError> {
    small_grant::Entity::find_by_id(id.to_string())
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)
}

fn status_of(o: &Offer) -> Result<OfferStatus, StoreError> {
    OfferStatus::parse(&o.status)
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("offer {} has a bad status", o.id)))
}

fn schedule_of(o: &Offer) -> Result<Schedule, StoreError> {
    let published_on = o.published_on.as_deref().map(date).transpose()?;
    Schedule::new(date(&o.received_on)?, published_on)
        .map_err(|e| StoreError::Other(anyhow::anyhow!("offer {}: {e}", o.id)))
}

/// The officer finds the task worthwhile and publishes the offer for comments today (Warsaw
/// date of `now`). `409` unless it is submitted, or when the last day for publication
/// (7 working days after arrival) has passed. Audited as `small_grant.publish`.
pub async fn publish(db: &Db, id: &str, actor: &str, now: Timestamp) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let today = warsaw_date(now);
    let txn = db.begin().await?;
    let o = lock_offer(&txn, id).await?;
    if status_of(&o)? != OfferStatus::Submitted {
        return Err(StoreError::conflict(
            "status",
            "Opublikować można tylko ofertę złożoną, jeszcze nieopublikowaną i bez decyzji.",
            "Only a submitted offer, not yet published or decided, can be published.",
        ));
    }
    let schedule = schedule_of(&o)?;
    if !schedule.may_publish_on(today) {
        let by = domain::time::format_date(schedule.publish_by, domain::Lang::Pl);
        let by_en = domain::time::format_date(schedule.publish_by, domain::Lang::En);
        return Err(StoreError::conflict(
            "status",
            &format!(
                "Termin publikacji minął {by} (7 dni roboczych od wpłynięcia oferty). Oferty nie można już opublikować; można jej odmówić."
            ),
            &format!(
                "The deadline for publication passed on {by_en} (7 working days after the offer arrived). The offer can no longer be published; it can be refused."
            ),
        ));
    }
    let published = Schedule::new(schedule.received_on, Some(today))
        .map_err(|e| StoreError::Other(anyhow::anyhow!("offer {id}: {e}")))?;
    let until = published
        .comments_until
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("no comment period")))?;
    let mut am: small_grant::ActiveModel = o.clone().into();
    am.status = Set(OfferStatus::Published.as_str().to_string());
    am.published_at = Set(Some(now_us));
    am.published_on = Set(Some(today.to_string()));
    am.comments_until = Set(Some(until.to_string()));
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&o.municipality_id),
            action: "small_grant.publish",
            subject_type: "small_grant",
            subject_id: Some(id),
            details: json!({
                "published_on": today.to_string(),
                "publish_by": schedule.publish_by.to_string(),
                "comments_until": until.to_string(),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a public comment. `409` unless the offer is published and its comment period is open
/// today. Audited as `small_grant.comment`.
pub async fn comment(
    db: &Db,
    id: &str,
    body: &str,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let today = warsaw_date(now);
    let txn = db.begin().await?;
    let o = small_grant::Entity::find_by_id(id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let schedule = schedule_of(&o)?;
    if status_of(&o)? != OfferStatus::Published || !schedule.comments_open_on(today) {
        let (pl, en) = match schedule.comments_until {
            Some(until) => (
                format!(
                    "Uwagi do tej oferty można było zgłaszać do {}.",
                    domain::time::format_date(until, domain::Lang::Pl)
                ),
                format!(
                    "Comments on this offer were accepted until {}.",
                    domain::time::format_date(until, domain::Lang::En)
                ),
            ),
            None => (
                "Uwagi można zgłaszać dopiero po opublikowaniu oferty.".to_string(),
                "Comments are accepted only once the offer is published.".to_string(),
            ),
        };
        return Err(StoreError::conflict("body", &pl, &en));
    }
    let comment_id = new_id();
    small_grant_comment::ActiveModel {
        id: Set(comment_id.clone()),
        small_grant_id: Set(id.to_string()),
        author_user_id: Set(actor.to_string()),
        body: Set(body.to_string()),
        created_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&o.municipality_id),
            action: "small_grant.comment",
            subject_type: "small_grant",
            subject_id: Some(id),
            details: json!({"comment_id": comment_id, "body": body}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(comment_id)
}

/// The officer decides. A submitted offer may only be refused (the task is not worthwhile); a
/// published one may be granted or refused from the day after its comment period. `409`
/// otherwise, and once decided. Audited as `small_grant.grant` / `small_grant.refuse`.
pub async fn decide(
    db: &Db,
    id: &str,
    d: &Decision,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let today = warsaw_date(now);
    let txn = db.begin().await?;
    let o = lock_offer(&txn, id).await?;
    let schedule = schedule_of(&o)?;
    match (status_of(&o)?, d) {
        (OfferStatus::Submitted, Decision::Refused { .. }) => {}
        (OfferStatus::Submitted, Decision::Granted { .. }) => {
            return Err(StoreError::conflict(
                "status",
                "Grant można przyznać dopiero po opublikowaniu oferty i zakończeniu 7-dniowego okresu na uwagi.",
                "A grant can be awarded only after the offer is published and its 7-day comment period is over.",
            ));
        }
        (OfferStatus::Published, _) => {
            if !schedule.may_decide_on(today) {
                let from = schedule.decision_from.unwrap_or(today);
                return Err(StoreError::conflict(
                    "status",
                    &format!(
                        "Trwa okres na uwagi do oferty; decyzję można podjąć od {}.",
                        domain::time::format_date(from, domain::Lang::Pl)
                    ),
                    &format!(
                        "The comment period is still running; the decision can be made from {}.",
                        domain::time::format_date(from, domain::Lang::En)
                    ),
                ));
            }
        }
        (OfferStatus::Granted | OfferStatus::Refused, _) => {
            return Err(StoreError::conflict(
                "status",
                "Decyzja w sprawie tej oferty już zapadła.",
                "This offer has already been decided.",
            ));
        }
    }
    let (status, reason, action) = match d {
        Decision::Granted { note } => (OfferStatus::Granted, note.clone(), "small_grant.grant"),
        Decision::Refused { reason } => (
            OfferStatus::Refused,
            Some(reason.clone()),
            "small_grant.refuse",
        ),
    };
    let mut am: small_grant::ActiveModel = o.clone().into();
    am.status = Set(status.as_str().to_string());
    am.decision_reason = Set(reason.clone());
    am.decided_at = Set(Some(now_us));
    am.decided_by = Set(Some(actor.to_string()));
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&o.municipality_id),
            action,
            subject_type: "small_grant",
            subject_id: Some(id),
            details: json!({"reason": reason, "previous_status": o.status, "decided_on": today.to_string()}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
