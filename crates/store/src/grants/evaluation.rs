use std::collections::BTreeMap;

use domain::accounts::Role;
use domain::time::to_micros;
use jiff::Timestamp;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::entities::{application, call, committee_member, criterion, declaration, score_sheet};
use crate::audit::{self, NewEntry};
use crate::entities::user;
use crate::ids::new_id;
use crate::{Db, StoreError};

pub use score_sheet::Model as ScoreSheet;

/// Appoints the committee of a call (replaces it). Members must be evaluators (or officers) of
/// the call's municipality: anyone else is a field error. Audited.
pub async fn set_committee(
    db: &Db,
    call_id: &str,
    user_ids: &[String],
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let c = call::Entity::find_by_id(call_id.to_string())
        .one(db.read())
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut errors = Vec::new();
    for (i, uid) in user_ids.iter().enumerate() {
        let ok = match crate::accounts::find_user(db.read(), uid).await? {
            Some(u) => {
                u.has_role_in(Role::Evaluator, &c.municipality_id)
                    || u.has_role_in(Role::Officer, &c.municipality_id)
            }
            None => false,
        };
        if !ok {
            errors.push(domain::FieldError::with_messages(
                format!("members[{i}]"),
                "Członkiem komisji może być tylko osoba z rolą członka komisji oceniającej lub urzędnika tej gminy.",
                "Only evaluators or officers of this municipality can sit on the committee.",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    let txn = db.begin().await?;
    committee_member::Entity::delete_many()
        .filter(committee_member::Column::CallId.eq(call_id))
        .exec(&txn)
        .await?;
    let mut seen = Vec::new();
    for uid in user_ids {
        if seen.contains(uid) {
            continue;
        }
        seen.push(uid.clone());
        committee_member::ActiveModel {
            id: Set(new_id()),
            call_id: Set(call_id.to_string()),
            user_id: Set(uid.clone()),
            created_at: Set(now_us),
        }
        .insert(&txn)
        .await?;
    }
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&c.municipality_id),
            action: "call.committee",
            subject_type: "call",
            subject_id: Some(call_id),
            details: json!({"members": seen}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The committee of a call: `(user id, name)`.
pub async fn committee(db: &Db, call_id: &str) -> Result<Vec<(String, String)>, StoreError> {
    let members = committee_member::Entity::find()
        .filter(committee_member::Column::CallId.eq(call_id))
        .order_by_asc(committee_member::Column::CreatedAt)
        .all(db.read())
        .await?;
    let mut out = Vec::new();
    for m in members {
        let name = user::Entity::find_by_id(m.user_id.clone())
            .one(db.read())
            .await?
            .map(|u| u.name)
            .unwrap_or_default();
        out.push((m.user_id, name));
    }
    Ok(out)
}

pub async fn is_committee_member(
    db: &Db,
    call_id: &str,
    user_id: &str,
) -> Result<bool, StoreError> {
    Ok(committee_member::Entity::find()
        .filter(committee_member::Column::CallId.eq(call_id))
        .filter(committee_member::Column::UserId.eq(user_id))
        .one(db.read())
        .await?
        .is_some())
}

/// Calls whose committee includes the user.
pub async fn calls_of_evaluator(db: &Db, user_id: &str) -> Result<Vec<String>, StoreError> {
    Ok(committee_member::Entity::find()
        .filter(committee_member::Column::UserId.eq(user_id))
        .all(db.read())
        .await?
        .into_iter()
        .map(|m| m.call_id)
        .collect())
}

/// The member's declaration for an application: `Some(true)` conflict, `Some(false)` none.
pub async fn declaration_of(
    db: &Db,
    application_id: &str,
    user_id: &str,
) -> Result<Option<bool>, StoreError> {
    Ok(declaration::Entity::find()
        .filter(declaration::Column::ApplicationId.eq(application_id))
        .filter(declaration::Column::UserId.eq(user_id))
        .one(db.read())
        .await?
        .map(|d| d.conflict))
}

/// Records a committee member's conflict-of-interest declaration (the caller checked membership).
/// A conflict removes the member's score sheet for it. Audited.
pub async fn declare(
    db: &Db,
    application_id: &str,
    user_id: &str,
    conflict: bool,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let a = application::Entity::find_by_id(application_id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if a.status != "submitted" {
        return Err(StoreError::NotFound);
    }
    let existing = declaration::Entity::find()
        .filter(declaration::Column::ApplicationId.eq(application_id))
        .filter(declaration::Column::UserId.eq(user_id))
        .one(&txn)
        .await?;
    match existing {
        Some(d) => {
            let mut am: declaration::ActiveModel = d.into();
            am.conflict = Set(conflict);
            am.declared_at = Set(now_us);
            am.update(&txn).await?;
        }
        None => {
            declaration::ActiveModel {
                id: Set(new_id()),
                application_id: Set(application_id.to_string()),
                user_id: Set(user_id.to_string()),
                conflict: Set(conflict),
                declared_at: Set(now_us),
            }
            .insert(&txn)
            .await?;
        }
    }
    if conflict {
        score_sheet::Entity::delete_many()
            .filter(score_sheet::Column::ApplicationId.eq(application_id))
            .filter(score_sheet::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
    }
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(user_id),
            municipality_id: Some(&a.municipality_id),
            action: "application.declaration",
            subject_type: "application",
            subject_id: Some(application_id),
            details: json!({"conflict": conflict}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Saves (or replaces) a member's score sheet; the caller checked membership and declaration.
/// `409` unless the formal check passed or after results are computed; `422` for points out of
/// range or a criterion missing. Audited with before/after totals.
pub async fn save_scores(
    db: &Db,
    application_id: &str,
    user_id: &str,
    points: &BTreeMap<String, i64>,
    comment: &str,
    now: Timestamp,
) -> Result<ScoreSheet, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let a = application::Entity::find_by_id(application_id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if a.formal_result.as_deref() != Some("passed") {
        return Err(StoreError::conflict(
            "status",
            "Oceniać można tylko wnioski, które przeszły ocenę formalną.",
            "Only applications that passed the formal check can be scored.",
        ));
    }
    let c = call::Entity::find_by_id(a.call_id.clone())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if c.results_status != "none" {
        return Err(StoreError::conflict(
            "status",
            "Wyniki zostały już obliczone; oceny są zamknięte.",
            "Results have been computed; scoring is closed.",
        ));
    }
    let criteria = criterion::Entity::find()
        .filter(criterion::Column::CallId.eq(c.id.clone()))
        .order_by_asc(criterion::Column::Position)
        .all(&txn)
        .await?;
    let mut errors = Vec::new();
    let mut total = 0i64;
    for (i, cr) in criteria.iter().enumerate() {
        match points.get(&cr.id) {
            None => errors.push(domain::FieldError::with_messages(
                format!("scores[{i}]"),
                format!("Brakuje oceny kryterium „{}”.", cr.name),
                format!("The criterion \"{}\" has no score.", cr.name),
            )),
            Some(&p) if p < 0 || p > i64::from(cr.max_points) => {
                errors.push(domain::FieldError::with_messages(
                    format!("scores[{i}]"),
                    format!(
                        "Kryterium „{}”: liczba punktów od 0 do {}.",
                        cr.name, cr.max_points
                    ),
                    format!(
                        "Criterion \"{}\": points from 0 to {}.",
                        cr.name, cr.max_points
                    ),
                ))
            }
            Some(&p) => total += p,
        }
    }
    for key in points.keys() {
        if !criteria.iter().any(|c| &c.id == key) {
            errors.push(domain::FieldError::with_messages(
                "scores",
                "Ocena dotyczy kryterium spoza tego naboru.",
                "A score refers to a criterion outside this call.",
            ));
        }
    }
    if comment.chars().count() > 10_000 {
        errors.push(domain::FieldError::with_messages(
            "comment",
            "Uzasadnienie może mieć najwyżej 10 000 znaków.",
            "The comment may have at most 10,000 characters.",
        ));
    }
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    let points_json = serde_json::to_string(points).map_err(|e| StoreError::Other(e.into()))?;
    let existing = score_sheet::Entity::find()
        .filter(score_sheet::Column::ApplicationId.eq(application_id))
        .filter(score_sheet::Column::UserId.eq(user_id))
        .one(&txn)
        .await?;
    let before = existing.as_ref().map(|s| s.total);
    let sheet = match existing {
        Some(s) => {
            let mut am: score_sheet::ActiveModel = s.into();
            am.points = Set(points_json);
            am.total = Set(total as i32);
            am.comment = Set(comment.trim().to_string());
            am.updated_at = Set(now_us);
            am.update(&txn).await?
        }
        None => {
            score_sheet::ActiveModel {
                id: Set(new_id()),
                application_id: Set(application_id.to_string()),
                user_id: Set(user_id.to_string()),
                comment: Set(comment.trim().to_string()),
                total: Set(total as i32),
                points: Set(points_json),
                updated_at: Set(now_us),
            }
            .insert(&txn)
            .await?
        }
    };
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(user_id),
            municipality_id: Some(&a.municipality_id),
            action: "application.score",
            subject_type: "application",
            subject_id: Some(application_id),
            details: json!({"before": before, "after": total, "points": points}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(sheet)
}

/// Every score sheet of an application.
pub async fn sheets_of(db: &Db, application_id: &str) -> Result<Vec<ScoreSheet>, StoreError> {
    Ok(score_sheet::Entity::find()
        .filter(score_sheet::Column::ApplicationId.eq(application_id))
        .all(db.read())
        .await?)
}

/// Evaluation progress of one application: who declared what and who scored.
#[derive(Clone, Debug)]
pub struct Progress {
    pub application_id: String,
    pub title: String,
    pub organisation_name: String,
    pub formal_result: Option<String>,
    /// `(member name, declaration, scored)`: declaration `None` not yet declared.
    pub members: Vec<(String, Option<bool>, bool)>,
    pub sheets: usize,
}

/// Progress of every submitted application of a call.
pub async fn progress(db: &Db, call_id: &str) -> Result<Vec<Progress>, StoreError> {
    let members = committee(db, call_id).await?;
    let apps = super::applications_of_call(db, call_id).await?;
    let mut out = Vec::new();
    for (a, org) in apps.into_iter().filter(|(a, _)| a.status == "submitted") {
        let decls = declaration::Entity::find()
            .filter(declaration::Column::ApplicationId.eq(a.id.clone()))
            .all(db.read())
            .await?;
        let sheets = sheets_of(db, &a.id).await?;
        out.push(Progress {
            members: members
                .iter()
                .map(|(uid, name)| {
                    (
                        name.clone(),
                        decls.iter().find(|d| &d.user_id == uid).map(|d| d.conflict),
                        sheets.iter().any(|s| &s.user_id == uid),
                    )
                })
                .collect(),
            sheets: sheets.len(),
            application_id: a.id,
            title: a.title,
            organisation_name: org.name,
            formal_result: a.formal_result,
        });
    }
    Ok(out)
}
