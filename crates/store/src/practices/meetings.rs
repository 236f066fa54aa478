//! Thematic meetings of the platform: recorded by the metropolis, published with their materials
//! (links and attachments), linked to the practices presented. Every change is audited.

use std::collections::HashMap;

use domain::practices::PracticeStatus;
use domain::practices::meetings::{MeetingStatus, ValidMeeting};
use domain::time::to_micros;
use jiff::Timestamp;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;

use super::entities::{meeting, meeting_practice, practice};
use super::{links_from_json, links_to_json};
use crate::audit::{self, NewEntry};
use crate::ids::new_id;
use crate::{Db, StoreError};

pub use meeting::Model as Meeting;

impl Meeting {
    pub fn status(&self) -> MeetingStatus {
        MeetingStatus::parse(&self.status).unwrap_or(MeetingStatus::Draft)
    }
    pub fn is_published(&self) -> bool {
        self.status() == MeetingStatus::Published
    }
    pub fn link_list(&self) -> Vec<domain::practices::PracticeLink> {
        links_from_json(&self.links)
    }
}

fn apply(am: &mut meeting::ActiveModel, v: &ValidMeeting) {
    am.title = Set(v.title.clone());
    am.starts_at = Set(to_micros(v.starts_at));
    am.place = Set(v.place.clone());
    am.online_url = Set(v.online_url.clone());
    am.description = Set(v.description.clone());
    am.links = Set(links_to_json(&v.links));
}

async fn log(
    txn: &sea_orm::DatabaseTransaction,
    now_us: i64,
    actor: &str,
    action: &str,
    id: &str,
    details: serde_json::Value,
) -> Result<(), StoreError> {
    audit::append(
        txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: None,
            action,
            subject_type: "meeting",
            subject_id: Some(id),
            details,
        },
    )
    .await?;
    Ok(())
}

/// Records a meeting as a draft, or published at once. Audited.
pub async fn create(
    db: &Db,
    v: &ValidMeeting,
    publish: bool,
    actor: &str,
    now: Timestamp,
) -> Result<Meeting, StoreError> {
    let now_us = to_micros(now);
    let id = new_id();
    let status = if publish {
        MeetingStatus::Published
    } else {
        MeetingStatus::Draft
    };
    let mut am = meeting::ActiveModel {
        id: Set(id.clone()),
        status: Set(status.code().to_string()),
        created_by: Set(actor.to_string()),
        created_at: Set(now_us),
        updated_at: Set(now_us),
        published_by: Set(publish.then(|| actor.to_string())),
        published_at: Set(publish.then_some(now_us)),
        ..Default::default()
    };
    apply(&mut am, v);
    let txn = db.begin().await?;
    let saved = am.insert(&txn).await?;
    log(
        &txn,
        now_us,
        actor,
        "meeting.create",
        &id,
        json!({"title": v.title, "status": status.code()}),
    )
    .await?;
    if publish {
        log(&txn, now_us, actor, "meeting.publish", &id, json!({})).await?;
    }
    txn.commit().await?;
    Ok(saved)
}

/// Changes a meeting's description. Audited.
pub async fn update(
    db: &Db,
    id: &str,
    v: &ValidMeeting,
    actor: &str,
    now: Timestamp,
) -> Result<Meeting, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let current = meeting::Entity::find_by_id(id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut am = current.into_active_model();
    apply(&mut am, v);
    am.updated_at = Set(now_us);
    let saved = am.update(&txn).await?;
    log(
        &txn,
        now_us,
        actor,
        "meeting.update",
        id,
        json!({"title": v.title}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Publishes a draft meeting. `409` if already published. Audited.
pub async fn publish(
    db: &Db,
    id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<Meeting, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let current = meeting::Entity::find_by_id(id.to_string())
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.is_published() {
        return Err(StoreError::conflict(
            "status",
            "To spotkanie jest już opublikowane.",
            "This meeting is already published.",
        ));
    }
    let mut am = current.into_active_model();
    am.status = Set(MeetingStatus::Published.code().to_string());
    am.published_by = Set(Some(actor.to_string()));
    am.published_at = Set(Some(now_us));
    am.updated_at = Set(now_us);
    let saved = am.update(&txn).await?;
    log(&txn, now_us, actor, "meeting.publish", id, json!({})).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Replaces the practices presented at a meeting (in the order given). Only published practices
/// may be linked: `422` naming the first other one. Audited with the before and after lists.
pub async fn set_practices(
    db: &Db,
    id: &str,
    practice_ids: &[String],
    actor: &str,
    now: Timestamp,
) -> Result<Vec<String>, StoreError> {
    let mut wanted: Vec<String> = Vec::new();
    for p in practice_ids {
        if !wanted.contains(p) {
            wanted.push(p.clone());
        }
    }
    if wanted.len() > 50 {
        return Err(StoreError::invalid(
            "practice_ids",
            "Do spotkania można przypisać najwyżej 50 praktyk.",
            "At most 50 practices can be linked to a meeting.",
        ));
    }
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let current = meeting::Entity::find_by_id(id.to_string())
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let published: Vec<String> = practice::Entity::find()
        .select_only()
        .column(practice::Column::Id)
        .filter(practice::Column::Id.is_in(wanted.clone()))
        .filter(practice::Column::Status.eq(PracticeStatus::Published.code()))
        .into_tuple()
        .all(&txn)
        .await?;
    if let Some((i, _)) = wanted
        .iter()
        .enumerate()
        .find(|(_, p)| !published.contains(p))
    {
        return Err(StoreError::Invalid(vec![
            domain::FieldError::with_messages(
                format!("practice_ids[{i}]"),
                "Można przypisać tylko opublikowane praktyki.",
                "Only published practices can be linked.",
            ),
        ]));
    }
    let before: Vec<String> = meeting_practice::Entity::find()
        .filter(meeting_practice::Column::MeetingId.eq(id))
        .order_by_asc(meeting_practice::Column::Position)
        .all(&txn)
        .await?
        .into_iter()
        .map(|l| l.practice_id)
        .collect();
    meeting_practice::Entity::delete_many()
        .filter(meeting_practice::Column::MeetingId.eq(id))
        .exec(&txn)
        .await?;
    for (i, p) in wanted.iter().enumerate() {
        meeting_practice::ActiveModel {
            meeting_id: Set(id.to_string()),
            practice_id: Set(p.clone()),
            position: Set(i as i32),
        }
        .insert(&txn)
        .await?;
    }
    let mut am = current.into_active_model();
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    log(
        &txn,
        now_us,
        actor,
        "meeting.practices",
        id,
        json!({"before": before, "after": wanted}),
    )
    .await?;
    txn.commit().await?;
    Ok(wanted)
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Meeting>, StoreError> {
    Ok(meeting::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?)
}

/// Meetings, newest start first (only published ones unless `with_drafts`), one page.
pub async fn list(
    db: &Db,
    with_drafts: bool,
    limit: u64,
    offset: u64,
) -> Result<Vec<Meeting>, StoreError> {
    let mut q = meeting::Entity::find();
    if !with_drafts {
        q = q.filter(meeting::Column::Status.eq(MeetingStatus::Published.code()));
    }
    Ok(q.order_by_desc(meeting::Column::StartsAt)
        .order_by_asc(meeting::Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db.read())
        .await?)
}

/// The ids of the practices presented at a meeting, in order (published ones only).
pub async fn practices_of(db: &Db, meeting_id: &str) -> Result<Vec<String>, StoreError> {
    let links = meeting_practice::Entity::find()
        .filter(meeting_practice::Column::MeetingId.eq(meeting_id))
        .order_by_asc(meeting_practice::Column::Position)
        .all(db.read())
        .await?;
    let ids: Vec<String> = links.iter().map(|l| l.practice_id.clone()).collect();
    let published: Vec<String> = practice::Entity::find()
        .select_only()
        .column(practice::Column::Id)
        .filter(practice::Column::Id.is_in(ids.clone()))
        .filter(practice::Column::Status.eq(PracticeStatus::Published.code()))
        .into_tuple()
        .all(db.read())
        .await?;
    Ok(ids.into_iter().filter(|i| published.contains(i)).collect())
}

/// The meetings where a practice was presented (published ones unless `with_drafts`), newest
/// first.
pub async fn meetings_of_practice(
    db: &Db,
    practice_id: &str,
    with_drafts: bool,
) -> Result<Vec<Meeting>, StoreError> {
    let ids: Vec<String> = meeting_practice::Entity::find()
        .filter(meeting_practice::Column::PracticeId.eq(practice_id))
        .all(db.read())
        .await?
        .into_iter()
        .map(|l| l.meeting_id)
        .collect();
    let mut q = meeting::Entity::find().filter(meeting::Column::Id.is_in(ids));
    if !with_drafts {
        q = q.filter(meeting::Column::Status.eq(MeetingStatus::Published.code()));
    }
    Ok(q.order_by_desc(meeting::Column::StartsAt)
        .order_by_asc(meeting::Column::Id)
        .all(db.read())
        .await?)
}

/// Names of users by id (for the metadata blocks).
pub async fn names(db: &Db, ids: &[&str]) -> Result<HashMap<String, String>, StoreError> {
    super::user_names(db, ids).await
}
